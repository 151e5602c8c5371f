package dev.erc.compute.backend;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import org.junit.jupiter.api.Test;

/**
 * The hot-path kernels must not allocate per call: after warm-up, many calls together may allocate no more than a
 * few hundred bytes on any thread (the JIT's own bookkeeping), where one allocating call would cost kilobytes.
 */
class KernelAllocationTest {

    private static final int CALLS = 100;
    private static final int ROUNDS = 30;
    private static final long LIMIT = 4096;

    private static long allocatedByAllThreads() {
        com.sun.management.ThreadMXBean mx = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long sum = 0;
        for (long b : mx.getThreadAllocatedBytes(mx.getAllThreadIds())) {
            sum += Math.max(b, 0);
        }
        return sum;
    }

    /**
     * The least allocation of {@link #CALLS} calls over up to {@link #ROUNDS} rounds of warm-up and measurement. C2
     * compiles in the background, and on a busy two-core machine a large kernel can still run in C1 code (which boxes
     * every vector) after the first warm-up; the steady state is what is asserted, and a kernel that allocates in
     * compiled code fails every round.
     */
    private static long allocationPerCalls(Runnable call) {
        long least = Long.MAX_VALUE;
        for (int round = 0; round < ROUNDS && least >= LIMIT; round++) {
            for (int i = 0; i < 1500; i++) {
                call.run();
            }
            long before = allocatedByAllThreads();
            for (int i = 0; i < CALLS; i++) {
                call.run();
            }
            least = Math.min(least, allocatedByAllThreads() - before);
        }
        return least;
    }

    @Test
    void vectorKernelsDoNotAllocate() throws BackendUnavailableException {
        Backend be = Backends.get("cpu");
        int m = 96, n = 80, k = 200;
        float[] a = new float[m * k];
        float[] b = new float[k * n];
        float[] c = new float[m * n];
        java.util.Arrays.fill(a, 0.01f);
        java.util.Arrays.fill(b, 0.02f);
        float[] x = new float[m * n];
        float[] y = new float[m * n];
        float[] gamma = new float[n];
        float[] beta = new float[n];
        float[] mean = new float[m];
        float[] rstd = new float[m];
        java.util.Arrays.fill(gamma, 1f);
        java.util.Arrays.fill(c, 0.25f);
        long gemm = allocationPerCalls(() -> be.sgemm(false, true, m, n, k, 1f, a, 0, k, a, 0, k, 0f, c, 0, n));
        // a recurrence's step: B packed once, then multiplied with no allocation
        PackedMatrix packed = be.pack(true, k, n, a, 0, k);
        long packedGemm = allocationPerCalls(() -> be.sgemm(false, m, n, k, 1f, a, 0, k, packed, 1f, c, 0, n));
        // every op through the same entry points, so that a kernel whose profile is polluted by several ops shows
        BinaryOp[] binaryOps = BinaryOp.values();
        UnaryOp[] unaryOps = UnaryOp.values();
        long elementwise = allocationPerCalls(() -> {
            for (BinaryOp op : binaryOps) {
                be.binary(op, x.length, c, 0, c, 0, x, 0);
                be.binaryScalar(op, x.length, c, 0, 2f, x, 0);
                be.binaryAccumulate(op, x.length, c, 0, c, 0, x, 0);
            }
            for (UnaryOp op : unaryOps) {
                be.unary(op, x.length, c, 0, y, 0);
                be.unaryBackward(op, x.length, c, y, c, x);
            }
            be.axpy(x.length, 0.5f, y, 0, x, 0);
            be.sum(x.length, y, 0);
            be.dot(x.length, y, 0, x, 0);
        });
        long rows = allocationPerCalls(() -> {
            be.softmaxRows(true, m, n, c, x);
            be.softmaxRowsBackward(true, m, n, x, c, y);
            be.layerNormRows(m, n, 1e-5f, c, gamma, beta, x, mean, rstd);
            be.layerNormRowsBackward(m, n, c, gamma, mean, rstd, x, y, gamma, beta);
        });
        int h = 100;
        float[] gates = new float[16 * 4 * h];
        float[] state = new float[16 * h];
        float[] state2 = new float[16 * h];
        float[] state3 = new float[16 * h];
        long cells = allocationPerCalls(() -> {
            be.lstmCell(16, h, gates, 0, state, 0, state2, 0, state3, 0, state, 0);
            be.lstmCellBackward(16, h, gates, 0, state, 0, state3, 0, state2, 0, state, 0, gates, 0);
            be.gruCell(16, h, gates, 0, gates, 16 * h, state, 0, state2, 0);
            be.gruCellBackward(16, h, gates, 0, gates, 16 * h, state, 0, state2, 0, gates, 0, gates, 16 * h, state3, 0);
        });
        assertTrue(cells < LIMIT, "recurrent cell kernels allocated " + cells + " bytes over " + CALLS + " calls");
        assertTrue(gemm < LIMIT, "sgemm allocated " + gemm + " bytes over " + CALLS + " calls");
        assertTrue(packedGemm < LIMIT, "sgemm with packed B allocated " + packedGemm + " bytes over " + CALLS
                + " calls");
        assertTrue(elementwise < LIMIT, "element-wise kernels allocated " + elementwise + " bytes over " + CALLS
                + " calls");
        assertTrue(rows < LIMIT, "row kernels allocated " + rows + " bytes over " + CALLS + " calls");
    }
}
