package dev.erc.compute.backend.cpu;

import dev.erc.compute.backend.BinaryOp;
import dev.erc.compute.backend.UnaryOp;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Element-wise Vector API kernels: a vector loop up to {@code loopBound}, then a scalar tail computed with the
 * same definitions as the scalar backend. The lane operator must be a JIT-time constant for the Vector API to
 * intrinsify it, so every public entry switches on the op and calls a small loop with a constant operator.
 */
final class ElementwiseKernels {

    private static final VectorSpecies<Float> S = Species.FLOATS;
    private static final int L = Species.LANES;
    /** Reductions add float partial sums of this many elements into a double, bounding the rounding error. */
    private static final int CHUNK = 1024;

    private ElementwiseKernels() {
    }

    static void binary(BinaryOp op, int n, float[] x, int xo, float[] y, int yo, float[] out, int oo) {
        switch (op) {
            case ADD -> binary(VectorOperators.ADD, op, n, x, xo, y, yo, out, oo);
            case SUB -> binary(VectorOperators.SUB, op, n, x, xo, y, yo, out, oo);
            case MUL -> binary(VectorOperators.MUL, op, n, x, xo, y, yo, out, oo);
            case DIV -> binary(VectorOperators.DIV, op, n, x, xo, y, yo, out, oo);
            case MAX -> binary(VectorOperators.MAX, op, n, x, xo, y, yo, out, oo);
            case MIN -> binary(VectorOperators.MIN, op, n, x, xo, y, yo, out, oo);
        }
    }

    private static void binary(VectorOperators.Binary vop, BinaryOp op, int n, float[] x, int xo, float[] y, int yo,
                               float[] out, int oo) {
        int i = 0;
        for (int bound = S.loopBound(n); i < bound; i += L) {
            FloatVector.fromArray(S, x, xo + i).lanewise(vop, FloatVector.fromArray(S, y, yo + i))
                    .intoArray(out, oo + i);
        }
        for (; i < n; i++) {
            out[oo + i] = op.apply(x[xo + i], y[yo + i]);
        }
    }

    static void binaryScalar(BinaryOp op, int n, float[] x, int xo, float s, float[] out, int oo) {
        switch (op) {
            case ADD -> binaryScalar(VectorOperators.ADD, op, n, x, xo, s, out, oo);
            case SUB -> binaryScalar(VectorOperators.SUB, op, n, x, xo, s, out, oo);
            case MUL -> binaryScalar(VectorOperators.MUL, op, n, x, xo, s, out, oo);
            case DIV -> binaryScalar(VectorOperators.DIV, op, n, x, xo, s, out, oo);
            case MAX -> binaryScalar(VectorOperators.MAX, op, n, x, xo, s, out, oo);
            case MIN -> binaryScalar(VectorOperators.MIN, op, n, x, xo, s, out, oo);
        }
    }

    private static void binaryScalar(VectorOperators.Binary vop, BinaryOp op, int n, float[] x, int xo, float s,
                                     float[] out, int oo) {
        FloatVector sv = FloatVector.broadcast(S, s);
        int i = 0;
        for (int bound = S.loopBound(n); i < bound; i += L) {
            FloatVector.fromArray(S, x, xo + i).lanewise(vop, sv).intoArray(out, oo + i);
        }
        for (; i < n; i++) {
            out[oo + i] = op.apply(x[xo + i], s);
        }
    }

    static void binaryAccumulate(BinaryOp op, int n, float[] x, int xo, float[] y, int yo, float[] out, int oo) {
        switch (op) {
            case ADD -> accumulate(VectorOperators.ADD, op, n, x, xo, y, yo, out, oo);
            case SUB -> accumulate(VectorOperators.SUB, op, n, x, xo, y, yo, out, oo);
            case MUL -> accumulate(VectorOperators.MUL, op, n, x, xo, y, yo, out, oo);
            case DIV -> accumulate(VectorOperators.DIV, op, n, x, xo, y, yo, out, oo);
            case MAX -> accumulate(VectorOperators.MAX, op, n, x, xo, y, yo, out, oo);
            case MIN -> accumulate(VectorOperators.MIN, op, n, x, xo, y, yo, out, oo);
        }
    }

    private static void accumulate(VectorOperators.Binary vop, BinaryOp op, int n, float[] x, int xo, float[] y,
                                   int yo, float[] out, int oo) {
        int i = 0;
        for (int bound = S.loopBound(n); i < bound; i += L) {
            FloatVector r = FloatVector.fromArray(S, x, xo + i).lanewise(vop, FloatVector.fromArray(S, y, yo + i));
            FloatVector.fromArray(S, out, oo + i).add(r).intoArray(out, oo + i);
        }
        for (; i < n; i++) {
            out[oo + i] += op.apply(x[xo + i], y[yo + i]);
        }
    }

    static void axpy(int n, float alpha, float[] x, int xo, float[] y, int yo) {
        FloatVector av = FloatVector.broadcast(S, alpha);
        int i = 0;
        for (int bound = S.loopBound(n); i < bound; i += L) {
            FloatVector.fromArray(S, x, xo + i).fma(av, FloatVector.fromArray(S, y, yo + i)).intoArray(y, yo + i);
        }
        for (; i < n; i++) {
            y[yo + i] += alpha * x[xo + i];
        }
    }

    static void unary(UnaryOp op, int n, float[] x, int xo, float[] out, int oo) {
        switch (op) {
            case EXP -> unary(VectorOperators.EXP, op, n, x, xo, out, oo);
            case LOG -> unary(VectorOperators.LOG, op, n, x, xo, out, oo);
            case TANH -> unary(VectorOperators.TANH, op, n, x, xo, out, oo);
            case NEG -> unary(VectorOperators.NEG, op, n, x, xo, out, oo);
            case ABS -> unary(VectorOperators.ABS, op, n, x, xo, out, oo);
            case SQRT -> unary(VectorOperators.SQRT, op, n, x, xo, out, oo);
            case ACOS -> unary(VectorOperators.ACOS, op, n, x, xo, out, oo);
            case SIGMOID -> sigmoid(n, x, xo, out, oo);
            case RELU -> relu(n, x, xo, out, oo);
        }
    }

    private static void unary(VectorOperators.Unary vop, UnaryOp op, int n, float[] x, int xo, float[] out, int oo) {
        int i = 0;
        for (int bound = S.loopBound(n); i < bound; i += L) {
            FloatVector.fromArray(S, x, xo + i).lanewise(vop).intoArray(out, oo + i);
        }
        for (; i < n; i++) {
            out[oo + i] = op.apply(x[xo + i]);
        }
    }

    private static void sigmoid(int n, float[] x, int xo, float[] out, int oo) {
        FloatVector one = FloatVector.broadcast(S, 1f);
        int i = 0;
        for (int bound = S.loopBound(n); i < bound; i += L) {
            FloatVector e = FloatVector.fromArray(S, x, xo + i).neg().lanewise(VectorOperators.EXP);
            one.div(one.add(e)).intoArray(out, oo + i);
        }
        for (; i < n; i++) {
            out[oo + i] = UnaryOp.SIGMOID.apply(x[xo + i]);
        }
    }

    private static void relu(int n, float[] x, int xo, float[] out, int oo) {
        FloatVector zero = FloatVector.zero(S);
        int i = 0;
        for (int bound = S.loopBound(n); i < bound; i += L) {
            FloatVector.fromArray(S, x, xo + i).max(zero).intoArray(out, oo + i);
        }
        for (; i < n; i++) {
            out[oo + i] = UnaryOp.RELU.apply(x[xo + i]);
        }
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
            gx[i] += gy[i] * op.derivative(x[i], y[i]);
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
            double part = acc.reduceLanes(VectorOperators.ADD);
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
            double part = acc.reduceLanes(VectorOperators.ADD);
            for (; i < len; i++) {
                part += (double) x[xo + start + i] * y[yo + start + i];
            }
            total += part;
        }
        return total;
    }
}
