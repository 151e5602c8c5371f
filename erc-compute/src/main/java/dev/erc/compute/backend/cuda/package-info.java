/**
 * The CUDA path: a lazy probe for the CUDA runtime, cuBLAS, cuDNN 9 and NVRTC ({@link
 * dev.erc.compute.backend.cuda.CudaLibraries}), and a small hand-written facade over the jextract-generated bindings in
 * {@code bindings.*}: device memory with {@link java.lang.foreign.Arena} lifetimes ({@link
 * dev.erc.compute.backend.cuda.DeviceFloats}), copies and streams ({@link dev.erc.compute.backend.cuda.CudaDevice}),
 * SGEMM ({@link dev.erc.compute.backend.cuda.CublasGemm}), LSTM/GRU ({@link dev.erc.compute.backend.cuda.CudnnRnn}) and
 * our own kernels compiled from CUDA C resources ({@link dev.erc.compute.backend.cuda.KernelLibrary}).
 *
 * <p>No class here touches a native symbol before {@link dev.erc.compute.backend.cuda.CudaLibraries#require()} has
 * found and loaded the libraries; on a machine without them the probe's reason is all that is ever seen.
 */
package dev.erc.compute.backend.cuda;
