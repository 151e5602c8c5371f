package dev.erc.compute.autograd;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.random.RandomGenerator;

/**
 * A dense float32 tensor in row-major order, and a node of the reverse-mode autograd graph.
 *
 * <p>A tensor owns one contiguous {@code float[]} and its shape. A tensor produced by an op while
 * {@link GradMode} is enabled and any input {@linkplain #requiresGrad() requires a gradient} remembers its inputs
 * and a closure that pushes its gradient to them; {@link #backward()} runs those closures in reverse topological
 * order. Ops never mutate their inputs, so a tensor's data can be shared by the closures that need it.
 *
 * <pre>{@code
 * Tensor w = Tensor.randn(rng, 3, 2).requiresGrad(true);
 * Tensor loss = Ops.mean(Ops.tanh(x.matmul(w)));
 * loss.backward();
 * float[] dw = w.grad();
 * }</pre>
 */
public final class Tensor {

    private final float[] data;
    private final int[] shape;
    private boolean requiresGrad;
    private float[] grad;
    private final String op;
    private final Tensor[] inputs;
    private final Backward backward;

    private Tensor(float[] data, int[] shape, boolean requiresGrad, String op, Tensor[] inputs, Backward backward) {
        this.data = data;
        this.shape = shape;
        this.requiresGrad = requiresGrad;
        this.op = op;
        this.inputs = inputs;
        this.backward = backward;
    }

    // ---- construction -------------------------------------------------------------------------------------------

    /** Wraps {@code data} (not copied) as a tensor of the given shape. */
    public static Tensor of(float[] data, int... shape) {
        int[] s = shape.clone();
        long n = Shapes.checkedSize(s);
        if (n != data.length) {
            throw new IllegalArgumentException("Tensor.of: shape " + Arrays.toString(s) + " holds " + n
                    + " elements but data has " + data.length);
        }
        return new Tensor(data, s, false, "leaf", null, null);
    }

    /** A rank-0 tensor holding {@code value}. */
    public static Tensor scalar(float value) {
        return new Tensor(new float[] {value}, new int[0], false, "leaf", null, null);
    }

    public static Tensor zeros(int... shape) {
        return of(new float[Math.toIntExact(Shapes.checkedSize(shape))], shape);
    }

    public static Tensor full(float value, int... shape) {
        float[] d = new float[Math.toIntExact(Shapes.checkedSize(shape))];
        Arrays.fill(d, value);
        return of(d, shape);
    }

    public static Tensor ones(int... shape) {
        return full(1f, shape);
    }

    /** Standard normal entries drawn from {@code rng}. */
    public static Tensor randn(RandomGenerator rng, int... shape) {
        float[] d = new float[Math.toIntExact(Shapes.checkedSize(shape))];
        for (int i = 0; i < d.length; i++) {
            d[i] = (float) rng.nextGaussian();
        }
        return of(d, shape);
    }

    /** Uniform entries in {@code [lo, hi)} drawn from {@code rng}. */
    public static Tensor uniform(RandomGenerator rng, float lo, float hi, int... shape) {
        float[] d = new float[Math.toIntExact(Shapes.checkedSize(shape))];
        for (int i = 0; i < d.length; i++) {
            d[i] = lo + (hi - lo) * rng.nextFloat();
        }
        return of(d, shape);
    }

    /**
     * The result of an op. The closure is kept only when grad mode is on and some input requires a gradient, so
     * inference builds no graph.
     */
    public static Tensor result(float[] data, int[] shape, String op, Backward backward, Tensor... inputs) {
        boolean track = false;
        if (GradMode.isEnabled()) {
            for (Tensor t : inputs) {
                if (t != null && t.requiresGrad) {
                    track = true;
                    break;
                }
            }
        }
        return track
                ? new Tensor(data, shape, true, op, inputs, backward)
                : new Tensor(data, shape, false, op, null, null);
    }

    // ---- accessors ----------------------------------------------------------------------------------------------

    /**
     * The backing array itself, row-major, not a copy: reading it costs nothing, and writing to it changes this tensor
     * without autograd knowing (what optimisers and parameter loading do on purpose). Copy it to keep values.
     */
    public float[] data() {
        return data;
    }

    public int[] shape() {
        return shape.clone();
    }

    /** Size of dimension {@code d}; negative {@code d} counts from the end. */
    public int dim(int d) {
        return shape[Shapes.axis(d, shape.length, "dim")];
    }

    public int rank() {
        return shape.length;
    }

    public int size() {
        return data.length;
    }

    /** The single value of a one-element tensor. */
    public float item() {
        if (data.length != 1) {
            throw new IllegalStateException("item: tensor of shape " + Arrays.toString(shape) + " is not a scalar");
        }
        return data[0];
    }

    /** The element at the given multi-index. */
    public float get(int... index) {
        return data[Shapes.offset(shape, index)];
    }

    /** The name of the op that produced this tensor ({@code "leaf"} for inputs and parameters). */
    public String op() {
        return op;
    }

    public boolean requiresGrad() {
        return requiresGrad;
    }

    /** Marks a leaf tensor as a parameter whose gradient {@link #backward()} accumulates. Returns {@code this}. */
    public Tensor requiresGrad(boolean value) {
        if (backward != null && !value) {
            throw new IllegalStateException("requiresGrad(false) on the result of '" + op + "': use detach()");
        }
        this.requiresGrad = value;
        return this;
    }

    /**
     * The accumulated gradient array itself, not a copy ({@code null} before any backward pass reached this tensor):
     * the next backward pass adds into it and {@link #zeroGrad} clears it, so copy it to keep values.
     */
    public float[] grad() {
        return grad;
    }

    /** The gradient buffer, allocated as zeros on first use. Ops' backward closures accumulate into it. */
    public float[] gradBuffer() {
        if (grad == null) {
            grad = new float[data.length];
        }
        return grad;
    }

    public void zeroGrad() {
        if (grad != null) {
            Arrays.fill(grad, 0f);
        }
    }

    /** A leaf sharing this tensor's data, cut from the graph. */
    public Tensor detach() {
        return new Tensor(data, shape, false, "leaf", null, null);
    }

    /** A leaf with a copy of this tensor's data. */
    public Tensor copy() {
        return new Tensor(data.clone(), shape, false, "leaf", null, null);
    }

    // ---- autograd -----------------------------------------------------------------------------------------------

    /** Back-propagates from this one-element tensor, seeding its gradient with 1. */
    public void backward() {
        if (data.length != 1) {
            throw new IllegalStateException("backward: needs a one-element tensor, got shape " + Arrays.toString(shape)
                    + "; use backward(gradient)");
        }
        backward(new float[] {1f});
    }

    /** Back-propagates {@code seed} (the gradient of some scalar with respect to this tensor). */
    public void backward(float[] seed) {
        if (seed.length != data.length) {
            throw new IllegalArgumentException("backward: seed has " + seed.length + " elements, tensor has "
                    + data.length);
        }
        if (!requiresGrad) {
            throw new IllegalStateException("backward: tensor from '" + op + "' does not require grad");
        }
        float[] g = gradBuffer();
        for (int i = 0; i < g.length; i++) {
            g[i] += seed[i];
        }
        List<Tensor> order = topologicalOrder();
        for (int i = order.size() - 1; i >= 0; i--) {
            Tensor t = order.get(i);
            if (t.backward != null && t.grad != null) {
                t.backward.apply(t.grad);
            }
        }
    }

    // Iterative DFS: unrolled recurrences make graphs far deeper than the Java stack allows for recursion.
    private List<Tensor> topologicalOrder() {
        List<Tensor> order = new ArrayList<>();
        Set<Tensor> visited = new HashSet<>();
        Deque<Object[]> stack = new ArrayDeque<>();
        stack.push(new Object[] {this, 0});
        visited.add(this);
        while (!stack.isEmpty()) {
            Object[] frame = stack.peek();
            Tensor t = (Tensor) frame[0];
            int next = (Integer) frame[1];
            Tensor[] in = t.inputs == null ? new Tensor[0] : t.inputs;
            while (next < in.length && (in[next] == null || !in[next].requiresGrad || visited.contains(in[next]))) {
                next++;
            }
            if (next < in.length) {
                frame[1] = next + 1;
                visited.add(in[next]);
                stack.push(new Object[] {in[next], 0});
            } else {
                stack.pop();
                order.add(t);
            }
        }
        return order;
    }

    // ---- convenience ops ----------------------------------------------------------------------------------------

    public Tensor add(Tensor other) {
        return dev.erc.compute.ops.Arithmetic.add(this, other);
    }

    public Tensor sub(Tensor other) {
        return dev.erc.compute.ops.Arithmetic.sub(this, other);
    }

    public Tensor mul(Tensor other) {
        return dev.erc.compute.ops.Arithmetic.mul(this, other);
    }

    public Tensor div(Tensor other) {
        return dev.erc.compute.ops.Arithmetic.div(this, other);
    }

    public Tensor mul(float s) {
        return dev.erc.compute.ops.Arithmetic.scale(this, s);
    }

    public Tensor matmul(Tensor other) {
        return dev.erc.compute.ops.MatMul.matmul(this, other);
    }

    public Tensor reshape(int... newShape) {
        return dev.erc.compute.ops.Reshape.reshape(this, newShape);
    }

    public Tensor transpose(int d0, int d1) {
        return dev.erc.compute.ops.Reshape.transpose(this, d0, d1);
    }

    public Tensor sum() {
        return dev.erc.compute.ops.Reduce.sum(this);
    }

    public Tensor mean() {
        return dev.erc.compute.ops.Reduce.mean(this);
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("Tensor").append(Arrays.toString(shape)).append(" op=").append(op);
        if (requiresGrad) {
            sb.append(" requiresGrad");
        }
        sb.append(" [");
        int n = Math.min(data.length, 8);
        for (int i = 0; i < n; i++) {
            sb.append(i == 0 ? "" : ", ").append(data[i]);
        }
        return sb.append(data.length > n ? ", ...]" : "]").toString();
    }
}
