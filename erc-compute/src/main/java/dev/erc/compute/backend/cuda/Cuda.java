package dev.erc.compute.backend.cuda;

import dev.erc.compute.backend.cuda.bindings.cudart.CudartBindings;

import java.lang.foreign.MemorySegment;

/** Status checking for the CUDA runtime; callers have passed {@link CudaLibraries#require()}. */
final class Cuda {

    private Cuda() {
    }

    /** Throws a {@link CudaException} naming {@code call} unless {@code status} is {@code cudaSuccess}. */
    static void check(String call, int status) {
        if (status != 0) {
            throw new CudaException(call, status, errorString(status));
        }
    }

    /** The runtime's own text for a status code. */
    static String errorString(int status) {
        MemorySegment s = CudartBindings.cudaGetErrorString(status);
        return s.equals(MemorySegment.NULL) ? "unknown error" : s.reinterpret(512).getString(0);
    }
}
