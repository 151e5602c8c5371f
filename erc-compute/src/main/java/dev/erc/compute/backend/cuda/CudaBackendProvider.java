package dev.erc.compute.backend.cuda;

import dev.erc.compute.backend.Backend;
import dev.erc.compute.backend.BackendProvider;
import dev.erc.compute.backend.BackendUnavailableException;

/**
 * The {@code cuda} entry of the backend registry. It ranks first, so that a machine with a GPU will use it once it
 * exists; until then, and on every machine without CUDA, {@link #create()} says why not in one line (the probe's
 * reason where CUDA is missing), {@code Backends} falls back to the CPU, and {@code -Derc.backend=cuda} fails with that
 * line.
 *
 * <p>What is missing on a machine that has CUDA: tensors that live on the device. {@code Tensor} keeps its values in
 * a heap array and every {@code Backend} method takes heap arrays, so a CUDA {@code Backend} behind today's SPI would
 * copy every operand to the GPU and back on every call; issue #15 changes that first. The facade this package holds
 * (cuBLAS, cuDNN, NVRTC kernels) is complete and tested on a GPU.
 */
public final class CudaBackendProvider implements BackendProvider {

    @Override
    public String name() {
        return "cuda";
    }

    @Override
    public int rank() {
        return 0;
    }

    @Override
    public Backend create() throws BackendUnavailableException {
        CudaLibraries.Probe p = CudaLibraries.probe();
        if (!p.available()) {
            throw new BackendUnavailableException(p.failure());
        }
        throw new BackendUnavailableException("CUDA is here (" + p.devices() + " device(s), " + p.libraries().values()
                + ") but the backend that keeps tensors on the device is not built yet (issue #15)");
    }
}
