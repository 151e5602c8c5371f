/**
 * Tensors with reverse-mode autograd, the ops over them, and the backends that run the kernels: the scalar oracle and
 * the Java Vector API backend, found through {@link dev.erc.compute.backend.BackendProvider}. The backends'
 * packages are not exported; choose one with {@link dev.erc.compute.backend.Backends}.
 */
module dev.erc.compute {
    // On the module path the Vector API is resolved with this module; on the class path the application passes
    // --add-modules=jdk.incubator.vector, or gets the scalar backend with a warning.
    requires jdk.incubator.vector;

    exports dev.erc.compute.autograd;
    exports dev.erc.compute.ops;
    exports dev.erc.compute.backend;
    // The CUDA facade is not API yet (no CUDA Backend is registered); the GPU tests and checks reach it from here.
    exports dev.erc.compute.backend.cuda to dev.erc.model;

    uses dev.erc.compute.backend.BackendProvider;
    provides dev.erc.compute.backend.BackendProvider with
            dev.erc.compute.backend.cuda.CudaBackendProvider,
            dev.erc.compute.backend.cpu.VectorBackendProvider,
            dev.erc.compute.backend.scalar.ScalarBackendProvider;
}
