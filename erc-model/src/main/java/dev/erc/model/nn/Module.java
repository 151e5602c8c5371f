package dev.erc.model.nn;

import dev.erc.compute.autograd.Tensor;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A layer: named parameters, named sub-layers and a training flag. Parameter names follow PyTorch's
 * {@code state_dict} convention ({@code "layers.0.weight_ih_l0"}), so that weights exported from the PyTorch
 * reference load by name.
 */
public abstract class Module {

    private final Map<String, Tensor> parameters = new LinkedHashMap<>();
    private final Map<String, Module> children = new LinkedHashMap<>();
    private boolean training = true;

    /** For subclasses: a layer with no parameters yet, in training mode. */
    protected Module() {
    }

    /** Registers a trainable parameter under {@code name} and returns it. */
    protected final Tensor parameter(String name, Tensor value) {
        if (parameters.containsKey(name) || children.containsKey(name)) {
            throw new IllegalArgumentException(getClass().getSimpleName() + ": duplicate name '" + name + "'");
        }
        value.requiresGrad(true);
        parameters.put(name, value);
        return value;
    }

    /** Registers a sub-layer under {@code name} and returns it. */
    protected final <M extends Module> M child(String name, M module) {
        if (parameters.containsKey(name) || children.containsKey(name)) {
            throw new IllegalArgumentException(getClass().getSimpleName() + ": duplicate name '" + name + "'");
        }
        children.put(name, module);
        return module;
    }

    /** Every parameter of this layer and its sub-layers, by dotted name, in registration order. */
    public final Map<String, Tensor> namedParameters() {
        Map<String, Tensor> all = new LinkedHashMap<>();
        collect("", all);
        return Collections.unmodifiableMap(all);
    }

    private void collect(String prefix, Map<String, Tensor> into) {
        parameters.forEach((n, t) -> into.put(prefix + n, t));
        children.forEach((n, m) -> m.collect(prefix + n + ".", into));
    }

    public final List<Tensor> parameters() {
        return new ArrayList<>(namedParameters().values());
    }

    /** Number of trainable scalars. */
    public final long parameterCount() {
        long n = 0;
        for (Tensor t : namedParameters().values()) {
            n += t.size();
        }
        return n;
    }

    /** Switches dropout and similar behaviour on ({@code true}) or off, here and in every sub-layer. */
    public void train(boolean on) {
        training = on;
        children.values().forEach(m -> m.train(on));
    }

    public final boolean isTraining() {
        return training;
    }

    /** Clears the accumulated gradients of every parameter. */
    public final void zeroGrad() {
        namedParameters().values().forEach(Tensor::zeroGrad);
    }

    /**
     * Copies values into parameters by name (e.g. weights exported from PyTorch). Every parameter must be given,
     * with the right number of elements; the message of a failure names the parameter.
     */
    public final void load(Map<String, float[]> values) {
        Map<String, Tensor> mine = namedParameters();
        for (Map.Entry<String, Tensor> e : mine.entrySet()) {
            float[] v = values.get(e.getKey());
            if (v == null) {
                throw new IllegalArgumentException(getClass().getSimpleName() + ": no value for parameter '"
                        + e.getKey() + "'");
            }
            float[] d = e.getValue().data();
            if (v.length != d.length) {
                throw new IllegalArgumentException(getClass().getSimpleName() + ": parameter '" + e.getKey()
                        + "' has " + d.length + " elements " + java.util.Arrays.toString(e.getValue().shape())
                        + ", got " + v.length);
            }
            System.arraycopy(v, 0, d, 0, d.length);
        }
        for (String name : values.keySet()) {
            if (!mine.containsKey(name)) {
                throw new IllegalArgumentException(getClass().getSimpleName() + ": unknown parameter '" + name
                        + "'; known: " + mine.keySet());
            }
        }
    }
}
