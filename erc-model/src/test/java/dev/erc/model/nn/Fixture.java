package dev.erc.model.nn;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.erc.compute.autograd.Tensor;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;

/** A golden fixture written by {@code tools/make_layer_fixtures.py}: named tensors in sections. */
public final class Fixture {

    private final String name;
    private final JsonNode root;

    private Fixture(String name, JsonNode root) {
        this.name = name;
        this.root = root;
    }

    public static Fixture load(String name) {
        String resource = "/fixtures/nn/" + name + ".json";
        try (InputStream in = Fixture.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("missing fixture " + resource + "; run tools/make_layer_fixtures.py");
            }
            return new Fixture(name, new ObjectMapper().readTree(in));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
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
        int[] shape = new int[t.get("shape").size()];
        for (int i = 0; i < shape.length; i++) {
            shape[i] = t.get("shape").get(i).asInt();
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
