package dev.erc.compute.backend.cuda;

import dev.erc.compute.backend.cuda.bindings.cublas.CublasBindings;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * Row-major single-precision GEMM on a {@link CudaDevice}'s stream through cuBLAS:
 * {@code C[m×n] = alpha · op(A) · op(B) + beta · C}, the contract of {@code Backend.sgemm}.
 *
 * <p>cuBLAS is column-major; a row-major matrix is the column-major storage of its transpose, so {@code C = A·B}
 * is computed as {@code Cᵀ = Bᵀ·Aᵀ}: the operands swap places and nothing is copied. Math mode stays cuBLAS's
 * default (full FP32, no TF32), as {@code torch.matmul} with its default {@code allow_tf32 = False}.
 */
public final class CublasGemm implements AutoCloseable {

    private final Arena arena = Arena.ofShared();
    private final MemorySegment handle;
    private final MemorySegment alpha;
    private final MemorySegment beta;
    private boolean closed;

    /** A cuBLAS handle bound to {@code device}'s stream. */
    public CublasGemm(CudaDevice device) {
        MemorySegment h = arena.allocate(ValueLayout.ADDRESS);
        check("cublasCreate_v2", CublasBindings.cublasCreate_v2(h));
        handle = h.get(ValueLayout.ADDRESS, 0);
        check("cublasSetStream_v2", CublasBindings.cublasSetStream_v2(handle, device.stream()));
        alpha = arena.allocate(ValueLayout.JAVA_FLOAT);
        beta = arena.allocate(ValueLayout.JAVA_FLOAT);
    }

    /** {@code C[m×n] = alpha · op(A) · op(B) + beta · C} with {@code op(A)} of shape {@code m×k}, row-major. */
    public void sgemm(boolean transA, boolean transB, int m, int n, int k, float alpha, DeviceFloats a,
                      DeviceFloats b, float beta, DeviceFloats c) {
        sgemmBatched(transA, transB, m, n, k, alpha, a, (long) m * k, b, (long) k * n, beta, c, (long) m * n, 1);
    }

    /**
     * {@code batch} independent GEMMs whose operands start {@code strideA}, {@code strideB} and {@code strideC}
     * floats apart (a stride of 0 reuses one operand for every product).
     */
    public void sgemmBatched(boolean transA, boolean transB, int m, int n, int k, float alpha,
                             DeviceFloats a, long strideA, DeviceFloats b, long strideB, float beta,
                             DeviceFloats c, long strideC, int batch) {
        if (m < 0 || n < 0 || k < 0 || batch < 0) {
            throw new IllegalArgumentException("negative GEMM size m=" + m + " n=" + n + " k=" + k + " batch=" + batch);
        }
        requireFits("A", a, strideA, (long) m * k, batch);
        requireFits("B", b, strideB, (long) k * n, batch);
        requireFits("C", c, strideC, (long) m * n, batch);
        if (m == 0 || n == 0 || batch == 0) {
            return;
        }
        int lda = transA ? m : k;
        int ldb = transB ? k : n;
        int opA = transA ? CublasBindings.CUBLAS_OP_T() : CublasBindings.CUBLAS_OP_N();
        int opB = transB ? CublasBindings.CUBLAS_OP_T() : CublasBindings.CUBLAS_OP_N();
        this.alpha.set(ValueLayout.JAVA_FLOAT, 0, alpha);
        this.beta.set(ValueLayout.JAVA_FLOAT, 0, beta);
        if (batch == 1) {
            check("cublasSgemm_v2", CublasBindings.cublasSgemm_v2(handle, opB, opA, n, m, k, this.alpha,
                    b.pointer(), ldb, a.pointer(), lda, this.beta, c.pointer(), n));
        } else {
            check("cublasSgemmStridedBatched", CublasBindings.cublasSgemmStridedBatched(handle, opB, opA, n, m, k,
                    this.alpha, b.pointer(), ldb, strideB, a.pointer(), lda, strideA, this.beta, c.pointer(), n,
                    strideC, batch));
        }
    }

    private static void requireFits(String name, DeviceFloats d, long stride, long size, int batch) {
        long needed = batch == 0 ? 0 : stride * (batch - 1) + size;
        if (needed > d.length()) {
            throw new IndexOutOfBoundsException(name + " needs " + needed + " floats, the device buffer has "
                    + d.length());
        }
    }

    static void check(String call, int status) {
        if (status != CublasBindings.CUBLAS_STATUS_SUCCESS()) {
            throw new CudaException(call, status, "cuBLAS status " + status);
        }
    }

    @Override
    public void close() {
        if (!closed) {
            closed = true;
            CublasBindings.cublasDestroy_v2(handle);
            arena.close();
        }
    }
}
