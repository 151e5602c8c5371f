package dev.erc.compute.backend.cuda;

import java.lang.foreign.MemorySegment;

/**
 * A run of 32-bit integers in device memory (indices, class targets, sequence lengths), freed with the arena it was
 * allocated in ({@link CudaDevice#upload(java.lang.foreign.Arena, int[])}).
 *
 * @param pointer the device address of element 0 (zero-length: not host-readable)
 * @param length the number of integers
 */
public record DeviceInts(MemorySegment pointer, long length) implements DevicePointer {
}
