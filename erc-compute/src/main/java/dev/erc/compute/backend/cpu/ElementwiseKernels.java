package dev.erc.compute.backend.cpu;

import dev.erc.compute.backend.BinaryOp;
import dev.erc.compute.backend.UnaryOp;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Element-wise Vector API kernels: a vector loop up to {@code loopBound}, then a scalar tail doing the same
 * operations in the same order (fma where the vector loop fuses, {@link VectorMath}'s scalar twins for the
 * transcendental functions), so that every element gets the same bits whichever lane, tail, vector width or JIT tier
 * computes it. The op is switched on inside the loop, with a constant lane operator in each branch: passing a
 * {@code VectorOperators} value into a shared helper instead defeats intrinsification and boxes every vector
 * (measured: 90 KB allocated per call).
 */
final class ElementwiseKernels {

    private static final VectorSpecies<Float> S = Species.FLOATS;
    private static final int L = Species.LANES;
    /** Reductions add float partial sums of this many elements into a double, bounding the rounding error. */
    private static final int CHUNK = 1024;
    private static final FloatVector ONE = FloatVector.broadcast(S, 1f);
    private static final FloatVector ZERO = FloatVector.zero(S);

    private ElementwiseKernels() {
    }

    static void binary(BinaryOp op, int n, float[] x, int xo, float[] y, int yo, float[] out, int oo) {
        int i = 0;
        for (int bound = S.loopBound(n); i < bound; i += L) {
            FloatVector a = FloatVector.fromArray(S, x, xo + i);
            FloatVector b = FloatVector.fromArray(S, y, yo + i);
            FloatVector r = switch (op) {
                case ADD -> a.add(b);
                case SUB -> a.sub(b);
                case MUL -> a.mul(b);
                case DIV -> a.div(b);
                case MAX -> a.max(b);
                case MIN -> a.min(b);
            };
            r.intoArray(out, oo + i);
        }
        for (; i < n; i++) {
            out[oo + i] = op.apply(x[xo + i], y[yo + i]);
        }
    }

    static void binaryScalar(BinaryOp op, int n, float[] x, int xo, float s, float[] out, int oo) {
        FloatVector b = FloatVector.broadcast(S, s);
        int i = 0;
        for (int bound = S.loopBound(n); i < bound; i += L) {
            FloatVector a = FloatVector.fromArray(S, x, xo + i);
            FloatVector r = switch (op) {
                case ADD -> a.add(b);
                case SUB -> a.sub(b);
                case MUL -> a.mul(b);
                case DIV -> a.div(b);
                case MAX -> a.max(b);
                case MIN -> a.min(b);
            };
            r.intoArray(out, oo + i);
        }
        for (; i < n; i++) {
            out[oo + i] = op.apply(x[xo + i], s);
        }
    }

    static void binaryAccumulate(BinaryOp op, int n, float[] x, int xo, float[] y, int yo, float[] out, int oo) {
        int i = 0;
        for (int bound = S.loopBound(n); i < bound; i += L) {
            FloatVector a = FloatVector.fromArray(S, x, xo + i);
            FloatVector b = FloatVector.fromArray(S, y, yo + i);
            FloatVector acc = FloatVector.fromArray(S, out, oo + i);
            FloatVector r = switch (op) {
                case ADD -> acc.add(a).add(b);
                case SUB -> acc.add(a.sub(b));
                case MUL -> a.fma(b, acc);
                case DIV -> acc.add(a.div(b));
                case MAX -> acc.add(a.max(b));
                case MIN -> acc.add(a.min(b));
            };
            r.intoArray(out, oo + i);
        }
        for (; i < n; i++) {
            out[oo + i] = switch (op) {
                case ADD -> out[oo + i] + x[xo + i] + y[yo + i];
                case MUL -> Math.fma(x[xo + i], y[yo + i], out[oo + i]);
                default -> out[oo + i] + op.apply(x[xo + i], y[yo + i]);
            };
        }
    }

    static void axpy(int n, float alpha, float[] x, int xo, float[] y, int yo) {
        FloatVector av = FloatVector.broadcast(S, alpha);
        int i = 0;
        for (int bound = S.loopBound(n); i < bound; i += L) {
            FloatVector.fromArray(S, x, xo + i).fma(av, FloatVector.fromArray(S, y, yo + i)).intoArray(y, yo + i);
        }
        for (; i < n; i++) {
            y[yo + i] = Math.fma(x[xo + i], alpha, y[yo + i]);
        }
    }

    /**
     * One loop per function: a shared loop that switches on the op compiles, once several ops have run through it,
     * into code that boxes every vector (measured: 90 KB allocated per call of 7,680 floats). The transcendental
     * functions are {@link VectorMath}'s, which do their own tails.
     */
    static void unary(UnaryOp op, int n, float[] x, int xo, float[] out, int oo) {
        int done = switch (op) {
            case EXP, LOG, TANH, SIGMOID, ACOS -> transcendental(op, n, x, xo, out, oo);
            case RELU -> relu(n, x, xo, out, oo);
            case NEG -> neg(n, x, xo, out, oo);
            case ABS -> abs(n, x, xo, out, oo);
            case SQRT -> sqrt(n, x, xo, out, oo);
        };
        for (int i = done; i < n; i++) {
            out[oo + i] = op.apply(x[xo + i]);
        }
    }

    /** {@link VectorMath}'s array kernels, tails included: all {@code n} done. */
    private static int transcendental(UnaryOp op, int n, float[] x, int xo, float[] out, int oo) {
        switch (op) {
            case EXP -> VectorMath.exp(n, x, xo, out, oo);
            case LOG -> VectorMath.log(n, x, xo, out, oo);
            case TANH -> VectorMath.tanh(n, x, xo, out, oo);
            case SIGMOID -> VectorMath.sigmoid(n, x, xo, out, oo);
            case ACOS -> VectorMath.acos(n, x, xo, out, oo);
            default -> throw new IllegalArgumentException(op + " is not one of VectorMath's functions");
        }
        return n;
    }

    private static int relu(int n, float[] x, int xo, float[] out, int oo) {
        int i = 0;
        for (int bound = S.loopBound(n); i < bound; i += L) {
            FloatVector a = FloatVector.fromArray(S, x, xo + i);
            a.max(ZERO).intoArray(out, oo + i);
        }
        return i;
    }

    private static int neg(int n, float[] x, int xo, float[] out, int oo) {
        int i = 0;
        for (int bound = S.loopBound(n); i < bound; i += L) {
            FloatVector a = FloatVector.fromArray(S, x, xo + i);
            a.neg().intoArray(out, oo + i);
        }
        return i;
    }

    private static int abs(int n, float[] x, int xo, float[] out, int oo) {
        int i = 0;
        for (int bound = S.loopBound(n); i < bound; i += L) {
            FloatVector a = FloatVector.fromArray(S, x, xo + i);
            a.abs().intoArray(out, oo + i);
        }
        return i;
    }

    private static int sqrt(int n, float[] x, int xo, float[] out, int oo) {
        int i = 0;
        for (int bound = S.loopBound(n); i < bound; i += L) {
            FloatVector a = FloatVector.fromArray(S, x, xo + i);
            a.sqrt().intoArray(out, oo + i);
        }
        return i;
    }

    /** {@code gx += gy * f'(x)}, each derivative written with vector ops. */
    static void unaryBackward(UnaryOp op, int n, float[] x, float[] y, float[] gy, float[] gx) {
        FloatVector one = FloatVector.broadcast(S, 1f);
        FloatVector zero = FloatVector.zero(S);
        FloatVector half = FloatVector.broadcast(S, 0.5f);
        int i = 0;
        for (int bound = S.loopBound(n); i < bound; i += L) {
            FloatVector g = FloatVector.fromArray(S, gy, i);
            FloatVector d = switch (op) {
                case EXP -> g.mul(FloatVector.fromArray(S, y, i));
                case LOG -> g.div(FloatVector.fromArray(S, x, i));
                case TANH -> {
                    FloatVector yv = FloatVector.fromArray(S, y, i);
                    yield g.mul(one.sub(yv.mul(yv)));
                }
                case SIGMOID -> {
                    FloatVector yv = FloatVector.fromArray(S, y, i);
                    yield g.mul(yv.mul(one.sub(yv)));
                }
                case RELU -> {
                    VectorMask<Float> pos = FloatVector.fromArray(S, x, i).compare(VectorOperators.GT, zero);
                    yield zero.blend(g, pos);
                }
                case NEG -> g.neg();
                case ABS -> {
                    FloatVector xv = FloatVector.fromArray(S, x, i);
                    FloatVector sign = zero.blend(one, xv.compare(VectorOperators.GT, zero))
                            .blend(one.neg(), xv.compare(VectorOperators.LT, zero));
                    yield g.mul(sign);
                }
                case SQRT -> g.mul(half).div(FloatVector.fromArray(S, y, i));
                case ACOS -> {
                    FloatVector xv = FloatVector.fromArray(S, x, i);
                    yield g.neg().div(one.sub(xv.mul(xv)).sqrt());
                }
            };
            FloatVector.fromArray(S, gx, i).add(d).intoArray(gx, i);
        }
        for (; i < n; i++) {
            float g = gy[i];
            gx[i] += switch (op) {
                case LOG -> g / x[i];
                case RELU -> x[i] > 0f ? g : 0f;
                case SQRT -> g * 0.5f / y[i];
                case ACOS -> -g / (float) Math.sqrt(1f - x[i] * x[i]);
                default -> g * op.derivative(x[i], y[i]);
            };
        }
    }

    static double sum(int n, float[] x, int off) {
        double total = 0;
        for (int start = 0; start < n; start += CHUNK) {
            int len = Math.min(CHUNK, n - start);
            int base = off + start;
            FloatVector acc = FloatVector.zero(S);
            int i = 0;
            for (int bound = S.loopBound(len); i < bound; i += L) {
                acc = acc.add(FloatVector.fromArray(S, x, base + i));
            }
            double part = VectorMath.sumLanes(acc);
            for (; i < len; i++) {
                part += x[base + i];
            }
            total += part;
        }
        return total;
    }

    static double dot(int n, float[] x, int xo, float[] y, int yo) {
        double total = 0;
        for (int start = 0; start < n; start += CHUNK) {
            int len = Math.min(CHUNK, n - start);
            FloatVector acc = FloatVector.zero(S);
            int i = 0;
            for (int bound = S.loopBound(len); i < bound; i += L) {
                acc = FloatVector.fromArray(S, x, xo + start + i).fma(FloatVector.fromArray(S, y, yo + start + i), acc);
            }
            double part = VectorMath.sumLanes(acc);
            for (; i < len; i++) {
                part += (double) x[xo + start + i] * y[yo + start + i];
            }
            total += part;
        }
        return total;
    }
}
