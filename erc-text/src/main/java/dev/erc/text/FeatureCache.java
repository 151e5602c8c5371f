package dev.erc.text;

import dev.erc.api.internal.AtomicFiles;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.zip.CRC32C;

/**
 * Sentence vectors on disk, one small file per (encoder id, text): {@code DIR/<encoder id>/<2 hex>/<sha-256>.vec}
 * where the hash is of the encoder id and the text. A second run over the same texts encodes nothing.
 *
 * <p>Entries are written to a temporary file and renamed, so a killed write leaves no entry (only a stray temporary
 * file, never read). An entry is checked when read: its header, its length, the hash of the key it was written for,
 * and a CRC-32C over all of it; a damaged entry is counted ({@link #damaged()}), deleted and reported absent, so the
 * text is encoded again. Safe for concurrent use by many threads and processes.
 */
public final class FeatureCache {

    private static final int MAGIC = 0x45524356; // "ERCV"
    private static final int VERSION = 1;
    /** magic, version, key hash (32), tokens, truncated, dimension; then the floats, then a CRC-32C of all before. */
    private static final int HEADER = 4 + 4 + 32 + 4 + 4 + 4;

    private final Path dir;
    private final AtomicInteger damaged = new AtomicInteger();

    /** A cache in {@code dir}, created when first written. */
    public FeatureCache(Path dir) {
        this.dir = dir;
    }

    /** The folder used when none is given: {@code $ERC_CACHE}, else {@code ~/.cache/erc/features}. */
    public static Path defaultFolder() {
        String env = System.getenv("ERC_CACHE");
        if (env != null && !env.isBlank()) {
            return Path.of(env);
        }
        return Path.of(System.getProperty("user.home"), ".cache", "erc", "features");
    }

    public Path folder() {
        return dir;
    }

    /** How many damaged entries were found (and deleted) so far. */
    public int damaged() {
        return damaged.get();
    }

    /** The cached vector of {@code text} under {@code encoderId}, or null when absent or damaged. */
    public EncodedText get(String encoderId, String text) throws IOException {
        byte[] key = key(encoderId, text);
        Path file = file(encoderId, key);
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            return null;
        }
        EncodedText e = decode(bytes, key);
        if (e == null) {
            damaged.incrementAndGet();
            Files.deleteIfExists(file);
        }
        return e;
    }

    /** Stores the vector of {@code text} under {@code encoderId}, atomically. */
    public void put(String encoderId, String text, EncodedText value) throws IOException {
        byte[] key = key(encoderId, text);
        Path file = file(encoderId, key);
        AtomicFiles.write(file, encode(value, key), false);
    }

    /** The file an entry lives in (for tests that damage one). */
    Path file(String encoderId, String text) {
        return file(encoderId, key(encoderId, text));
    }

    private Path file(String encoderId, byte[] key) {
        String hex = HexFormat.of().formatHex(key);
        return dir.resolve(encoderId.replaceAll("[^A-Za-z0-9._@-]", "_")).resolve(hex.substring(0, 2))
                .resolve(hex + ".vec");
    }

    private static byte[] key(String encoderId, String text) {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            md.update(encoderId.getBytes(StandardCharsets.UTF_8));
            md.update((byte) 0);
            return md.digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is a required algorithm", e);
        }
    }

    private static byte[] encode(EncodedText e, byte[] key) {
        ByteBuffer b = ByteBuffer.allocate(HEADER + 4 * e.vector().length + 4).order(ByteOrder.LITTLE_ENDIAN);
        b.putInt(MAGIC).putInt(VERSION).put(key).putInt(e.tokens()).putInt(e.truncated() ? 1 : 0)
                .putInt(e.vector().length);
        for (float v : e.vector()) {
            b.putFloat(v);
        }
        CRC32C crc = new CRC32C();
        crc.update(b.array(), 0, b.position());
        b.putInt((int) crc.getValue());
        return b.array();
    }

    private static EncodedText decode(byte[] bytes, byte[] key) {
        if (bytes.length < HEADER + 4) {
            return null;
        }
        ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        if (b.getInt() != MAGIC || b.getInt() != VERSION) {
            return null;
        }
        byte[] stored = new byte[32];
        b.get(stored);
        int tokens = b.getInt();
        int truncated = b.getInt();
        int dim = b.getInt();
        if (!java.util.Arrays.equals(stored, key) || dim < 1 || bytes.length != HEADER + 4L * dim + 4 || tokens < 0
                || (truncated & ~1) != 0) {
            return null;
        }
        CRC32C crc = new CRC32C();
        crc.update(bytes, 0, bytes.length - 4);
        if ((int) crc.getValue() != ByteBuffer.wrap(bytes, bytes.length - 4, 4).order(ByteOrder.LITTLE_ENDIAN)
                .getInt()) {
            return null;
        }
        float[] v = new float[dim];
        for (int i = 0; i < dim; i++) {
            v[i] = b.getFloat();
        }
        return new EncodedText(v, tokens, truncated == 1);
    }
}
