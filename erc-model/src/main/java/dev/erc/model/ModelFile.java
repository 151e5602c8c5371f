package dev.erc.model;

import dev.erc.api.internal.AtomicFiles;
import dev.erc.compute.autograd.Tensor;
import dev.erc.model.io.ParameterFile;
import dev.erc.model.io.ParameterFileException;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;

/**
 * A saved model: one zip file holding {@code model.properties} (format, labels, speakers, seed, feature dimensions,
 * every {@link ModelConfig} setting), {@code weights.params} (a {@link ParameterFile}) and
 * {@code standardizer.params} (the input standardisation's per-dimension means and scales, a {@link ParameterFile};
 * empty when features are used as given, absent in files written before it existed), written atomically.
 */
final class ModelFile {

    static final String FORMAT = "pmf-erc/1";
    private static final String STATISTICS = "standardizer.params";

    record Contents(Properties settings, Map<String, Tensor> inputStatistics, Map<String, Tensor> weights) {
    }

    private ModelFile() {
    }

    static void write(Path path, Properties settings, Map<String, Tensor> inputStatistics, Map<String, Tensor> weights)
            throws IOException {
        AtomicFiles.write(path, encode(settings, inputStatistics, weights));
    }

    /** The file's bytes. */
    static byte[] encode(Properties settings, Map<String, Tensor> inputStatistics, Map<String, Tensor> weights)
            throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
            zip.putNextEntry(entry("model.properties"));
            zip.write(properties(settings, "PMF-ERC model"));
            zip.closeEntry();
            zip.putNextEntry(entry("weights.params"));
            zip.write(ParameterFile.encode(weights));
            zip.closeEntry();
            zip.putNextEntry(entry(STATISTICS));
            zip.write(ParameterFile.encode(inputStatistics));
            zip.closeEntry();
        }
        return bytes.toByteArray();
    }

    /**
     * A zip entry with a fixed time (local, so independent of the time zone): the same model gives the same bytes,
     * and properties files are stored without their date comment for the same reason.
     */
    static ZipEntry entry(String name) {
        ZipEntry e = new ZipEntry(name);
        e.setTimeLocal(LocalDateTime.of(2024, 1, 1, 0, 0));
        return e;
    }

    /**
     * {@code p} in {@link Properties#store} format (so {@link Properties#load} reads it back), with its entries sorted
     * and without the date line that {@code store} adds.
     */
    static byte[] properties(Properties p, String comment) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        p.store(b, null);
        // store escapes a key's leading '#', so every line starting with '#' is the date comment
        List<String> lines = new ArrayList<>(Arrays.stream(b.toString(StandardCharsets.ISO_8859_1).split("\n"))
                .filter(l -> !l.startsWith("#") && !l.isEmpty()).sorted().toList());
        if (comment != null) {
            lines.add(0, "#" + comment);
        }
        return (String.join("\n", lines) + "\n").getBytes(StandardCharsets.ISO_8859_1);
    }

    /** A failure to read {@code path} as one line: a folder, a truncated or otherwise damaged file. */
    static ParameterFileException unreadable(Path path, String what, IOException e) {
        if (Files.isDirectory(path)) {
            return new ParameterFileException(path + ": is a directory, not a " + what, e);
        }
        return new ParameterFileException(path + ": cannot read it as a " + what + ", truncated or damaged ("
                + (e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName()) + ")", e);
    }

    static Contents read(Path path) throws IOException {
        return read(path, () -> Files.newInputStream(path));
    }

    /** Reads a model file's bytes; {@code name} names it in messages. */
    static Contents read(Path name, byte[] file) throws IOException {
        return read(name, () -> new ByteArrayInputStream(file));
    }

    private interface Source {
        InputStream open() throws IOException;
    }

    private static Contents read(Path path, Source source) throws IOException {
        Properties p = new Properties();
        byte[] weights = null;
        byte[] statistics = null;
        boolean sawProperties = false;
        try (ZipInputStream zip = new ZipInputStream(source.open())) {
            for (ZipEntry e; (e = zip.getNextEntry()) != null; ) {
                if (e.getName().equals("model.properties")) {
                    p.load(new ByteArrayInputStream(zip.readAllBytes()));
                    sawProperties = true;
                } else if (e.getName().equals("weights.params")) {
                    weights = zip.readAllBytes();
                } else if (e.getName().equals(STATISTICS)) {
                    statistics = zip.readAllBytes();
                }
            }
        } catch (NoSuchFileException e) {
            throw new ParameterFileException(path + ": no such model file", e);
        } catch (ZipException e) {
            throw new ParameterFileException(path + ": not a model file (" + e.getMessage() + ")", e);
        } catch (ParameterFileException e) {
            throw e;
        } catch (IOException e) {
            throw unreadable(path, "model file", e);
        }
        if (!sawProperties || weights == null || !FORMAT.equals(p.getProperty("format"))) {
            throw new ParameterFileException(path + ": not a " + FORMAT + " model file");
        }
        return new Contents(p, statistics == null ? Map.of() : ParameterFile.decode(path, statistics),
                ParameterFile.decode(path, weights));
    }
}
