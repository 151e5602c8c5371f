package dev.erc.compute.backend.cuda;

import org.junit.jupiter.api.Assumptions;

/** Skips a GPU test, with the probe's reason, where CUDA cannot run. */
public final class GpuAvailable {

    private GpuAvailable() {
    }

    /** Aborts the calling test (reported as skipped, with why) unless the CUDA probe succeeded. */
    public static void assume() {
        CudaLibraries.Probe p = CudaLibraries.probe();
        Assumptions.assumeTrue(p.available(), () -> "GPU test skipped: " + p.failure());
    }
}
