package dev.erc.compute.backend.cuda;

import java.lang.foreign.MemorySegment;

/**
 * A run of {@code float}s in device memory, freed when the {@link java.lang.foreign.Arena} it was allocated in
 * closes (see {@link CudaDevice#allocate}).
 *
 * <p>{@link #pointer()} is a zero-length segment: it carries the device address to native calls and cannot be read
 * or written from the host (device memory is not host-addressable); copies go through {@link CudaDevice}.
 *
 * @param pointer the device address of element 0
 * @param length the number of floats
 */
public record DeviceFloats(MemorySegment pointer, long length) implements DevicePointer {

    public DeviceFloats {
        if (pointer.byteSize() != 0) {
            throw new IllegalArgumentException("a device pointer must be a zero-length segment");
        }
        if (length < 0) {
            throw new IllegalArgumentException("negative length " + length);
        }
    }

    /** The floats {@code [offset, offset + count)} of this run: a view, valid while this run's arena is open. */
    public DeviceFloats slice(long offset, long count) {
        if (offset < 0 || count < 0 || offset + count > length) {
            throw new IndexOutOfBoundsException("slice [" + offset + ", " + (offset + count) + ") of " + length
                    + " floats");
        }
        return new DeviceFloats(MemorySegment.ofAddress(pointer.address() + offset * Float.BYTES), count);
    }

    /** Size in bytes. */
    public long byteSize() {
        return length * Float.BYTES;
    }
}
