/**
 * The CPU backend on the Java Vector API: SGEMM micro-kernels over packed panels, element-wise and row kernels.
 * Every type here may touch {@code jdk.incubator.vector}; only {@link
 * dev.erc.compute.backend.cpu.VectorBackendProvider} is loaded before the module has been found.
 */
package dev.erc.compute.backend.cpu;
