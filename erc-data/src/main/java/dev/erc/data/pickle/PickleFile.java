package dev.erc.data.pickle;

import dev.erc.data.DatasetFormatException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * Reads a Python pickle in pure Java (Pyrolite), as Python's {@code pickle.load(f, encoding='latin1')} would: lists
 * become {@code List}, dicts {@code Map}, tuples {@code Object[]}, sets {@code Set}, str {@code String} (Python 2
 * str as latin-1), bytes {@code byte[]}, ints {@code Integer}/{@code Long}/{@code BigInteger}, floats
 * {@code Double}, numpy arrays {@link NdArray}. Any failure is a {@link DatasetFormatException} naming the file.
 */
public final class PickleFile {

    private PickleFile() {
    }

    public static Object read(Path file) throws DatasetFormatException {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw DatasetFormatException.in(file, "no such file");
        } catch (IOException e) {
            throw DatasetFormatException.in(file, "cannot read: " + e.getMessage());
        }
        return parse(file, bytes);
    }

    /**
     * What went wrong, for a user: the parser's own message where it has one (its exception classes say nothing to a
     * user), else what kind of inconsistency the parser ran into.
     */
    private static String reason(Exception e) {
        if (e instanceof java.io.EOFException) {
            return "the file ends early";
        }
        if (e.getMessage() == null) {
            return "inconsistent content (" + e.getClass().getSimpleName() + " in the parser)";
        }
        if (e instanceof RuntimeException && !(e instanceof net.razorvine.pickle.PickleException)) {
            return "inconsistent content (" + e.getMessage() + ")";
        }
        return e.getMessage();
    }

    /** Parses pickle bytes; {@code file} only names the source in messages. */
    public static Object parse(Path file, byte[] bytes) throws DatasetFormatException {
        if (bytes.length == 0) {
            throw DatasetFormatException.in(file, "empty file, expected a pickle");
        }
        BoundedInput in = new BoundedInput(bytes);
        SafeUnpickler u = new SafeUnpickler(in);
        try {
            // load(in), not loads(bytes): the length checks must see the stream the unpickler reads
            return u.load(in);
        } catch (UnsupportedGlobalException e) {
            throw DatasetFormatException.in(file, e.getMessage());
        } catch (StackOverflowError e) {
            throw DatasetFormatException.in(file, "not a readable pickle: a self-referential structure");
        } catch (IOException | RuntimeException e) {
            // Pyrolite signals truncation and corruption with IOExceptions, PickleExceptions, and, on malformed
            // input, with the ClassCast/IndexOutOfBounds/NegativeArraySize exceptions of its own code
            throw DatasetFormatException.in(file, "not a readable pickle (truncated or corrupt?): " + reason(e));
        } finally {
            u.close();
        }
    }
}
