package dev.erc.model.io;

import dev.erc.api.internal.AtomicFiles;
import dev.erc.compute.autograd.Tensor;
import dev.erc.model.nn.Module;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.CRC32C;

/**
 * Named float32 tensors on disk. The format, all integers big-endian:
 *
 * <pre>
 *   8 bytes   magic "ERCPARAM"
 *   int32     format version (1)
 *   int32     number of tensors
 *   per tensor:
 *     int32     name length in bytes, then the name in UTF-8
 *     int32     rank, then rank int32 dimensions
 *     float32[] the elements, row-major (IEEE 754, big-endian)
 *   int32     CRC-32C of every byte before it
 * </pre>
 *
 * Writes go to a temporary file in the same folder, forced to disk, then renamed over the target, so a crash
 * never leaves a half-written file under the real name.
 */
public final class ParameterFile {

    static final byte[] MAGIC = "ERCPARAM".getBytes(StandardCharsets.US_ASCII);
    static final int VERSION = 1;

    private ParameterFile() {
    }

    /** Writes every parameter of {@code module} to {@code path}, atomically. */
    public static void save(Module module, Path path) throws IOException {
        AtomicFiles.write(path, encode(module.namedParameters()));
    }

    /** The file's bytes for a set of named tensors. */
    public static byte[] encode(Map<String, Tensor> params) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(bytes);
        out.write(MAGIC);
        out.writeInt(VERSION);
        out.writeInt(params.size());
        for (Map.Entry<String, Tensor> e : params.entrySet()) {
            byte[] name = e.getKey().getBytes(StandardCharsets.UTF_8);
            out.writeInt(name.length);
            out.write(name);
            int[] shape = e.getValue().shape();
            out.writeInt(shape.length);
            for (int d : shape) {
                out.writeInt(d);
            }
            for (float f : e.getValue().data()) {
                out.writeFloat(f);
            }
        }
        out.flush();
        CRC32C crc = new CRC32C();
        crc.update(bytes.toByteArray());
        out.writeInt((int) crc.getValue());
        out.flush();
        return bytes.toByteArray();
    }

    /** Reads every tensor of a file, after checking its magic, version and checksum. */
    public static Map<String, Tensor> read(Path path) throws ParameterFileException {
        byte[] all;
        try {
            all = Files.readAllBytes(path);
        } catch (NoSuchFileException e) {
            throw new ParameterFileException(path + ": no such parameter file", e);
        } catch (IOException e) {
            throw new ParameterFileException(path + ": cannot read: " + e.getMessage(), e);
        }
        return decode(path, all);
    }

    /** Parses the bytes of a parameter file; {@code path} names the source in messages. */
    public static Map<String, Tensor> decode(Path path, byte[] all) throws ParameterFileException {
        if (all.length < MAGIC.length + 12 || !Arrays.equals(Arrays.copyOf(all, MAGIC.length), MAGIC)) {
            throw new ParameterFileException(path + ": not a parameter file (no ERCPARAM header)");
        }
        ByteBuffer buf = ByteBuffer.wrap(all);
        int stored = buf.getInt(all.length - 4);
        CRC32C crc = new CRC32C();
        crc.update(all, 0, all.length - 4);
        if ((int) crc.getValue() != stored) {
            throw new ParameterFileException(path + ": checksum mismatch (stored " + Integer.toHexString(stored)
                    + ", computed " + Integer.toHexString((int) crc.getValue()) + "): the file is corrupt or truncated");
        }
        buf.position(MAGIC.length);
        buf.limit(all.length - 4);
        try {
            int version = buf.getInt();
            if (version != VERSION) {
                throw new ParameterFileException(path + ": format version " + version + ", this library reads "
                        + VERSION);
            }
            int count = buf.getInt();
            Map<String, Tensor> tensors = new LinkedHashMap<>();
            for (int i = 0; i < count; i++) {
                byte[] name = new byte[checkedCount(buf.getInt(), buf.remaining(), path, "name length")];
                buf.get(name);
                int[] shape = new int[checkedCount(buf.getInt(), 16, path, "rank")];
                for (int d = 0; d < shape.length; d++) {
                    shape[d] = checkedCount(buf.getInt(), Integer.MAX_VALUE, path, "dimension");
                }
                long size = 1;
                for (int d : shape) {
                    size *= d;
                }
                float[] data = new float[checkedCount((int) Math.min(size, Integer.MAX_VALUE), buf.remaining() / 4,
                        path, "tensor size")];
                buf.asFloatBuffer().get(data);
                buf.position(buf.position() + 4 * data.length);
                tensors.put(new String(name, StandardCharsets.UTF_8), Tensor.of(data, shape));
            }
            if (buf.hasRemaining()) {
                throw new ParameterFileException(path + ": " + buf.remaining() + " unexpected bytes after "
                        + count + " tensors");
            }
            return tensors;
        } catch (BufferUnderflowException e) {
            throw new ParameterFileException(path + ": ends in the middle of a tensor", e);
        }
    }

    private static int checkedCount(int value, int max, Path path, String what) throws ParameterFileException {
        if (value < 0 || value > max) {
            throw new ParameterFileException(path + ": invalid " + what + " " + value);
        }
        return value;
    }

    /**
     * Loads a file into {@code module}'s parameters. Every parameter must be present with its exact shape and the
     * file must hold nothing else; otherwise nothing is changed and the error names the parameter.
     */
    public static void load(Module module, Path path) throws ParameterFileException {
        assign(module, read(path), path);
    }

    /** Copies {@code file}'s tensors into {@code module}, with {@link #load}'s checks; {@code path} names the source. */
    public static void assign(Module module, Map<String, Tensor> file, Path path) throws ParameterFileException {
        Map<String, Tensor> mine = module.namedParameters();
        for (Map.Entry<String, Tensor> e : mine.entrySet()) {
            Tensor stored = file.get(e.getKey());
            if (stored == null) {
                throw new ParameterFileException(path + ": parameter '" + e.getKey() + "' is missing (the file has "
                        + file.keySet() + ")");
            }
            if (!Arrays.equals(stored.shape(), e.getValue().shape())) {
                throw new ParameterFileException(path + ": parameter '" + e.getKey() + "' has shape "
                        + Arrays.toString(stored.shape()) + ", the model expects "
                        + Arrays.toString(e.getValue().shape()));
            }
        }
        for (String name : file.keySet()) {
            if (!mine.containsKey(name)) {
                throw new ParameterFileException(path + ": unexpected parameter '" + name + "' not in the model");
            }
        }
        mine.forEach((name, t) -> System.arraycopy(file.get(name).data(), 0, t.data(), 0, t.size()));
    }
}
