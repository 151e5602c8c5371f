package dev.erc.compute.backend.cuda;

import java.lang.foreign.MemorySegment;

/**
 * A run of bytes in device memory, each 0 or 1: a mask (padding, attention, dropout's kept units), freed with the
 * arena it was allocated in ({@link CudaDevice#upload(java.lang.foreign.Arena, boolean[])}).
 *
 * @param pointer the device address of element 0 (zero-length: not host-readable)
 * @param length the number of bytes
 */
public record DeviceBytes(MemorySegment pointer, long length) implements DevicePointer {
}
