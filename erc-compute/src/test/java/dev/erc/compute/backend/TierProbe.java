package dev.erc.compute.backend;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.Consumer;
import java.util.zip.CRC32C;

/**
 * Every kernel of a backend on fixed inputs, each output reduced to a CRC of its bits: what {@link
 * TierIndependenceTest} compares between JVMs that run the kernels in the interpreter, in C1 code and in C2 code.
 * Sizes have vector bodies and scalar tails at every width (n = 1013, rows of 203, hidden 100) and inputs cover
 * each function's interesting range (large and tiny magnitudes, both signs). Usage as a program:
 * {@code TierProbe BACKEND WARMUP}: prints {@code name crc} per kernel, after running each {@code WARMUP} times.
 */
public final class TierProbe {

    private static final int N = 1013;
    private static final int ROWS = 37;
    private static final int COLS = 203;
    private static final int H = 100;
    private static final int B = 16;

    private TierProbe() {
    }

    private static float[] data(long seed, int n, double scale) {
        SplittableRandom rng = new SplittableRandom(seed);
        float[] x = new float[n];
        for (int i = 0; i < n; i++) {
            // mostly moderate values, some large, some tiny: every branch of the activation functions
            double u = rng.nextGaussian();
            x[i] = (float) (i % 17 == 0 ? 30 * u : i % 13 == 0 ? 1e-4 * u : scale * u);
        }
        return x;
    }

    private static long crc(float[]... outs) {
        CRC32C c = new CRC32C();
        for (float[] o : outs) {
            for (float v : o) {
                int b = Float.floatToRawIntBits(v);
                c.update(new byte[] {(byte) (b >>> 24), (byte) (b >>> 16), (byte) (b >>> 8), (byte) b});
            }
        }
        return c.getValue();
    }

    /** Each kernel's output CRC, after {@code warmup} unrecorded runs of each. */
    public static Map<String, Long> run(Backend be, int warmup) {
        Map<String, Long> out = new LinkedHashMap<>();
        float[] x = data(1, N, 2);
        float[] y = data(2, N, 2);
        float[] pos = data(3, N, 2);
        for (int i = 0; i < N; i++) {
            pos[i] = Math.abs(pos[i]) + 1e-3f;
        }
        float[] unit = data(4, N, 0.5);
        for (int i = 0; i < N; i++) {
            unit[i] = Math.max(-0.999f, Math.min(0.999f, unit[i]));
        }
        for (UnaryOp op : UnaryOp.values()) {
            float[] in = op == UnaryOp.LOG || op == UnaryOp.SQRT ? pos : op == UnaryOp.ACOS ? unit : x;
            probe(out, "unary " + op, warmup, r -> {
                float[] o = new float[N];
                be.unary(op, N, in, 0, o, 0);
                float[] g = new float[N];
                be.unaryBackward(op, N, in, o, y, g);
                r.accept(new float[][] {o, g});
            });
        }
        for (BinaryOp op : BinaryOp.values()) {
            probe(out, "binary " + op, warmup, r -> {
                float[] o = new float[N];
                float[] s = new float[N];
                float[] acc = y.clone();
                be.binary(op, N, x, 0, pos, 0, o, 0);
                be.binaryScalar(op, N, x, 0, 1.7f, s, 0);
                be.binaryAccumulate(op, N, x, 0, pos, 0, acc, 0);
                r.accept(new float[][] {o, s, acc});
            });
        }
        probe(out, "axpy sum dot", warmup, r -> {
            float[] acc = y.clone();
            be.axpy(N, 0.3f, x, 0, acc, 0);
            r.accept(new float[][] {acc, {(float) be.sum(N, x, 0), (float) be.dot(N, x, 0, y, 0)},
                {(float) (be.sum(N, x, 0) * 1e3 % 1), (float) (be.dot(N, x, 0, y, 0) * 1e3 % 1)}});
        });
        float[] rows = data(5, ROWS * COLS, 3);
        float[] gy = data(6, ROWS * COLS, 1);
        for (boolean log : new boolean[] {false, true}) {
            probe(out, (log ? "log" : "") + "softmax rows", warmup, r -> {
                float[] o = new float[ROWS * COLS];
                be.softmaxRows(log, ROWS, COLS, rows, o);
                float[] g = new float[ROWS * COLS];
                be.softmaxRowsBackward(log, ROWS, COLS, o, gy, g);
                r.accept(new float[][] {o, g});
            });
        }
        float[] gamma = data(7, COLS, 1);
        float[] beta = data(8, COLS, 1);
        probe(out, "layer norm rows", warmup, r -> {
            float[] o = new float[ROWS * COLS];
            float[] mean = new float[ROWS];
            float[] rstd = new float[ROWS];
            be.layerNormRows(ROWS, COLS, 1e-5f, rows, gamma, beta, o, mean, rstd);
            float[] gx = new float[ROWS * COLS];
            float[] gg = new float[COLS];
            float[] gb = new float[COLS];
            be.layerNormRowsBackward(ROWS, COLS, rows, gamma, mean, rstd, gy, gx, gg, gb);
            r.accept(new float[][] {o, mean, rstd, gx, gg, gb});
        });
        float[] gates = data(9, B * 4 * H, 2);
        float[] prev = data(10, B * H, 1);
        float[] dh = data(11, B * H, 1);
        probe(out, "lstm cell", warmup, r -> {
            float[] g = gates.clone();
            float[] c = new float[B * H];
            float[] tc = new float[B * H];
            float[] h = new float[B * H];
            be.lstmCell(B, H, g, 0, prev, 0, c, 0, tc, 0, h, 0);
            float[] dc = prev.clone();
            float[] dg = new float[B * 4 * H];
            be.lstmCellBackward(B, H, g, 0, prev, 0, tc, 0, dh, 0, dc, 0, dg, 0);
            r.accept(new float[][] {g, c, tc, h, dc, dg});
        });
        float[] gh = data(12, B * 3 * H, 2);
        probe(out, "gru cell", warmup, r -> {
            float[] gx = data(13, B * 3 * H, 2);
            float[] h = new float[B * H];
            be.gruCell(B, H, gx, 0, gh, 0, prev, 0, h, 0);
            float[] dgx = new float[B * 3 * H];
            float[] dgh = new float[B * 3 * H];
            float[] dhp = new float[B * H];
            be.gruCellBackward(B, H, gx, 0, gh, 0, prev, 0, dh, 0, dgx, 0, dgh, 0, dhp, 0);
            r.accept(new float[][] {gx, h, dgx, dgh, dhp});
        });
        float[] a = data(14, 113 * 211, 1);
        float[] bm = data(15, 211 * 97, 1);
        probe(out, "sgemm", warmup, r -> {
            float[] c1 = new float[113 * 97];
            be.sgemm(false, false, 113, 97, 211, 1f, a, 0, 211, bm, 0, 97, 0f, c1, 0, 97);
            float[] c2 = data(16, 113 * 97, 1);
            be.sgemm(false, false, 113, 97, 211, 0.5f, a, 0, 211, bm, 0, 97, 1f, c2, 0, 97);
            float[] c3 = new float[211 * 97];
            be.sgemm(true, false, 211, 97, 113, 1f, a, 0, 211, c1, 0, 97, 0f, c3, 0, 97);
            r.accept(new float[][] {c1, c2, c3});
        });
        return out;
    }

    private static void probe(Map<String, Long> out, String name, int warmup, Consumer<Consumer<float[][]>> kernel) {
        for (int i = 0; i < warmup; i++) {
            kernel.accept(r -> { });
        }
        kernel.accept(r -> out.put(name, crc(r)));
    }

    public static void main(String[] args) throws BackendUnavailableException {
        Backend be = Backends.get(args[0]);
        run(be, Integer.parseInt(args[1])).forEach((k, v) -> System.out.println(k + "\t" + Long.toHexString(v)));
    }
}
