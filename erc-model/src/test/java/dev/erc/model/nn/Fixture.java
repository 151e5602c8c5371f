package dev.erc.model.nn;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.erc.compute.autograd.Tensor;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.CRC32;

/**
 * A golden fixture written by {@code tools/make_layer_fixtures.py}: named tensors in sections. The production-size
 * fixtures keep their tensors in a float32 little-endian {@code .bin} file beside the header, and do not store
 * parameters, inputs or projections: both sides draw those with {@link #uniform}.
 */
public final class Fixture {

    private final String name;
    private final JsonNode root;
    private final ByteBuffer blob;

    private Fixture(String name, JsonNode root, ByteBuffer blob) {
        this.name = name;
        this.root = root;
        this.blob = blob;
    }

    public static Fixture load(String name) {
        return load("/fixtures/nn/", name);
    }

    /** The fixture {@code name} in the resource folder {@code dir} (ending in '/'). */
    public static Fixture load(String dir, String name) {
        String resource = dir + name + ".json";
        try (InputStream in = Fixture.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("missing fixture " + resource + "; run tools/make_layer_fixtures.py");
            }
            JsonNode root = new ObjectMapper().readTree(in);
            ByteBuffer blob = null;
            if (root.has("bin")) {
                try (InputStream b = Fixture.class.getResourceAsStream(dir + root.get("bin").asText())) {
                    if (b == null) {
                        throw new IllegalStateException("missing " + root.get("bin").asText());
                    }
                    blob = ByteBuffer.wrap(b.readAllBytes()).order(ByteOrder.LITTLE_ENDIAN);
                }
            }
            return new Fixture(name, root, blob);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * {@code n} floats uniform in {@code [-bound, bound)} from a SplitMix64 stream seeded with the CRC-32 of
     * {@code name}: the same numbers {@code splitmix_uniform} draws in {@code tools/make_layer_fixtures.py}.
     */
    public static float[] uniform(String name, int n, double bound) {
        CRC32 crc = new CRC32();
        crc.update(name.getBytes(StandardCharsets.UTF_8));
        long state = crc.getValue();
        float[] out = new float[n];
        for (int i = 0; i < n; i++) {
            state += 0x9E3779B97F4A7C15L;
            long z = state;
            z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
            z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
            z ^= z >>> 31;
            double u = (z >>> 40) * 0x1p-24;
            out[i] = (float) ((u * 2.0 - 1.0) * bound);
        }
        return out;
    }

    /** An input or projection {@code R}: stored in the fixture, or drawn for the production-size ones. */
    public Tensor input(String key) {
        return blob == null ? tensor("inputs", key) : drawn(key);
    }

    /** Sets every parameter of {@code m}: to the stored values, or to the drawn ones for production-size fixtures. */
    public void loadParameters(Module m) {
        if (blob == null) {
            m.load(arrays("params"));
        } else {
            drawParameters(m);
        }
    }

    /** A drawn tensor, with the shape and bound the header gives. */
    public Tensor drawn(String key) {
        JsonNode d = root.path("drawn").path(key);
        if (d.isMissingNode()) {
            throw new IllegalArgumentException(name + ": no drawn tensor " + key);
        }
        int[] shape = shapeOf(d);
        int n = 1;
        for (int x : shape) {
            n *= x;
        }
        return Tensor.of(uniform(key, n, d.get("bound").asDouble()), shape);
    }

    private void drawParameters(Module m) {
        drawParameters(m, "");
    }

    /** Sets every parameter of {@code m} to the values drawn for {@code prefix + name} (production-size fixtures). */
    public void drawParameters(Module m, String prefix) {
        double bound = root.get("bound").asDouble();
        Map<String, float[]> values = new LinkedHashMap<>();
        m.namedParameters().forEach((n, p) -> values.put(n, uniform(prefix + n, p.size(), bound)));
        m.load(values);
    }

    /** The whole header, for fixtures that carry more than layers do (the model stages'). */
    public JsonNode root() {
        return root;
    }

    private static int[] shapeOf(JsonNode tensor) {
        JsonNode a = tensor.get("shape");
        int[] shape = new int[a.size()];
        for (int i = 0; i < shape.length; i++) {
            shape[i] = a.get(i).asInt();
        }
        return shape;
    }

    public String name() {
        return name;
    }

    public JsonNode meta() {
        return root.path("meta");
    }

    /** A fresh tensor (a copy) from {@code section.key}. */
    public Tensor tensor(String section, String key) {
        JsonNode t = root.path(section).path(key);
        if (t.isMissingNode()) {
            throw new IllegalArgumentException(name + ": no tensor " + section + "." + key);
        }
        int[] shape = shapeOf(t);
        if (t.has("offset")) {
            int n = 1;
            for (int d : shape) {
                n *= d;
            }
            if (t.has("stride")) {
                // a sampled tensor: every stride-th value of the whole, as a flat array
                int stride = t.get("stride").asInt();
                n = (n + stride - 1) / stride;
                shape = new int[] {n};
            }
            float[] d = new float[n];
            blob.slice(t.get("offset").asInt() * Float.BYTES, n * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN)
                    .asFloatBuffer().get(d);
            return Tensor.of(d, shape);
        }
        JsonNode data = t.get("data");
        float[] d = new float[data.size()];
        for (int i = 0; i < d.length; i++) {
            d[i] = (float) data.get(i).asDouble();
        }
        return Tensor.of(d, shape);
    }

    public int[] ints(String key) {
        JsonNode a = root.path("ints").path(key);
        int[] v = new int[a.size()];
        for (int i = 0; i < v.length; i++) {
            v[i] = a.get(i).asInt();
        }
        return v;
    }

    /** Every tensor of a section, by name, as flat arrays (for {@link Module#load}). */
    public Map<String, float[]> arrays(String section) {
        Map<String, float[]> out = new LinkedHashMap<>();
        root.path(section).fieldNames().forEachRemaining(k -> out.put(k, tensor(section, k).data()));
        return out;
    }

    public JsonNode section(String section) {
        return root.path(section);
    }
}
