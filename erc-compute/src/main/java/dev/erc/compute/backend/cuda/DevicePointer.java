package dev.erc.compute.backend.cuda;

import java.lang.foreign.MemorySegment;

/**
 * Device memory handed to a kernel: floats, 32-bit integers (indices, targets) or bytes (masks). The pointer is a
 * zero-length segment carrying the device address; it cannot be read from the host.
 */
public sealed interface DevicePointer permits DeviceFloats, DeviceInts, DeviceBytes {

    /** The device address of element 0. */
    MemorySegment pointer();

    /** Number of elements. */
    long length();
}
