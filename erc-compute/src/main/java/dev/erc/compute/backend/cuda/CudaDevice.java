package dev.erc.compute.backend.cuda;

import dev.erc.compute.backend.cuda.bindings.cudart.CudartBindings;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * One CUDA device and the stream our work on it is queued on: device memory with arena lifetimes, explicit copies
 * between host and device, synchronisation and event timing.
 *
 * <p>Every call is ordered on {@link #stream()}; copies to the host wait for the work before them. An instance is
 * meant for one thread at a time (as a CUDA stream is).
 */
public final class CudaDevice implements AutoCloseable {

    private final int ordinal;
    private final int computeMajor;
    private final int computeMinor;
    private final MemorySegment stream;
    private boolean closed;

    private CudaDevice(int ordinal, int major, int minor, MemorySegment stream) {
        this.ordinal = ordinal;
        this.computeMajor = major;
        this.computeMinor = minor;
        this.stream = stream;
    }

    /** Opens device {@code ordinal} with a stream of its own; fails with the probe's reason where CUDA is absent. */
    public static CudaDevice open(int ordinal) {
        CudaLibraries.Probe p = CudaLibraries.require();
        if (ordinal < 0 || ordinal >= p.devices()) {
            throw new IllegalArgumentException("CUDA device " + ordinal + " does not exist; there are " + p.devices());
        }
        try (Arena arena = Arena.ofConfined()) {
            Cuda.check("cudaSetDevice", CudartBindings.cudaSetDevice(ordinal));
            MemorySegment v = arena.allocate(ValueLayout.JAVA_INT);
            Cuda.check("cudaDeviceGetAttribute", CudartBindings.cudaDeviceGetAttribute(v,
                    CudartBindings.cudaDevAttrComputeCapabilityMajor(), ordinal));
            int major = v.get(ValueLayout.JAVA_INT, 0);
            Cuda.check("cudaDeviceGetAttribute", CudartBindings.cudaDeviceGetAttribute(v,
                    CudartBindings.cudaDevAttrComputeCapabilityMinor(), ordinal));
            int minor = v.get(ValueLayout.JAVA_INT, 0);
            MemorySegment s = arena.allocate(ValueLayout.ADDRESS);
            Cuda.check("cudaStreamCreate", CudartBindings.cudaStreamCreate(s));
            return new CudaDevice(ordinal, major, minor, s.get(ValueLayout.ADDRESS, 0));
        }
    }

    /** The device's index. */
    public int ordinal() {
        return ordinal;
    }

    /** The GPU architecture NVRTC compiles for, e.g. {@code sm_90}. */
    public String architecture() {
        return "sm_" + computeMajor + computeMinor;
    }

    /** The stream this device's work is queued on ({@code cudaStream_t}). */
    public MemorySegment stream() {
        return stream;
    }

    /** {@code count} uninitialised floats on the device, freed when {@code arena} closes. */
    public DeviceFloats allocate(Arena arena, long count) {
        if (count < 0) {
            throw new IllegalArgumentException("negative float count " + count);
        }
        return new DeviceFloats(malloc(arena, count * Float.BYTES), count);
    }

    /** Device memory whose {@code cudaFree} is tied to {@code arena}'s closing (a zero-length segment). */
    private static MemorySegment malloc(Arena arena, long bytes) {
        try (Arena tmp = Arena.ofConfined()) {
            MemorySegment p = tmp.allocate(ValueLayout.ADDRESS);
            Cuda.check("cudaMalloc(" + bytes + " bytes)", CudartBindings.cudaMalloc(p, Math.max(4, bytes)));
            long address = p.get(ValueLayout.ADDRESS, 0).address();
            return MemorySegment.ofAddress(address).reinterpret(arena, CudaDevice::free);
        }
    }

    /** {@code count} zeros on the device, freed when {@code arena} closes. */
    public DeviceFloats zeros(Arena arena, long count) {
        DeviceFloats d = allocate(arena, count);
        Cuda.check("cudaMemsetAsync", CudartBindings.cudaMemsetAsync(d.pointer(), 0, d.byteSize(), stream));
        return d;
    }

    /** A device copy of {@code values}, freed when {@code arena} closes. */
    public DeviceFloats upload(Arena arena, float[] values) {
        DeviceFloats d = allocate(arena, values.length);
        copyToDevice(values, d);
        return d;
    }

    /** A device copy of {@code values}, freed when {@code arena} closes. */
    public DeviceInts upload(Arena arena, int[] values) {
        MemorySegment owned = malloc(arena, (long) values.length * Integer.BYTES);
        try (Arena tmp = Arena.ofConfined()) {
            copyIn(tmp.allocateFrom(ValueLayout.JAVA_INT, values), owned, (long) values.length * Integer.BYTES);
        }
        return new DeviceInts(owned, values.length);
    }

    /** A device copy of {@code values} as bytes 0 and 1, freed when {@code arena} closes. */
    public DeviceBytes upload(Arena arena, boolean[] values) {
        MemorySegment owned = malloc(arena, values.length);
        try (Arena tmp = Arena.ofConfined()) {
            MemorySegment staging = tmp.allocate(Math.max(1, values.length));
            for (int i = 0; i < values.length; i++) {
                staging.set(ValueLayout.JAVA_BYTE, i, values[i] ? (byte) 1 : (byte) 0);
            }
            copyIn(staging, owned, values.length);
        }
        return new DeviceBytes(owned, values.length);
    }

    private void copyIn(MemorySegment staging, MemorySegment device, long bytes) {
        Cuda.check("cudaMemcpyAsync(host to device)", CudartBindings.cudaMemcpyAsync(device, staging, bytes,
                CudartBindings.cudaMemcpyHostToDevice(), stream));
        synchronize();
    }

    /** Copies {@code src} into the start of {@code dst} (waits for the copy: the host array may change after). */
    public void copyToDevice(float[] src, DeviceFloats dst) {
        if (src.length > dst.length()) {
            throw new IndexOutOfBoundsException(src.length + " floats do not fit in " + dst.length());
        }
        try (Arena tmp = Arena.ofConfined()) {
            copyIn(tmp.allocateFrom(ValueLayout.JAVA_FLOAT, src), dst.pointer(), (long) src.length * Float.BYTES);
        }
    }

    /** Copies {@code src} to a new host array, after the work queued before it. */
    public float[] toHost(DeviceFloats src) {
        if (src.length() > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException(src.length() + " floats do not fit in a Java array");
        }
        try (Arena tmp = Arena.ofConfined()) {
            MemorySegment staging = tmp.allocate(ValueLayout.JAVA_FLOAT, Math.max(1, src.length()));
            Cuda.check("cudaMemcpyAsync(device to host)", CudartBindings.cudaMemcpyAsync(staging, src.pointer(),
                    src.byteSize(), CudartBindings.cudaMemcpyDeviceToHost(), stream));
            synchronize();
            return staging.asSlice(0, src.byteSize()).toArray(ValueLayout.JAVA_FLOAT);
        }
    }

    /** Copies {@code src} into {@code dst} on the device. */
    public void copy(DeviceFloats src, DeviceFloats dst) {
        if (src.length() > dst.length()) {
            throw new IndexOutOfBoundsException(src.length() + " floats do not fit in " + dst.length());
        }
        Cuda.check("cudaMemcpyAsync(device to device)", CudartBindings.cudaMemcpyAsync(dst.pointer(), src.pointer(),
                src.byteSize(), CudartBindings.cudaMemcpyDeviceToDevice(), stream));
    }

    /** Waits until everything queued on this device's stream has run. */
    public void synchronize() {
        Cuda.check("cudaStreamSynchronize", CudartBindings.cudaStreamSynchronize(stream));
    }

    /**
     * Milliseconds the GPU spends on {@code work} (queued on this stream), measured with CUDA events around it; the
     * host does not wait between the queued calls, so launch overhead that the GPU hides is not counted twice.
     */
    public float time(Runnable work) {
        try (Arena tmp = Arena.ofConfined()) {
            MemorySegment start = tmp.allocate(ValueLayout.ADDRESS);
            MemorySegment end = tmp.allocate(ValueLayout.ADDRESS);
            Cuda.check("cudaEventCreate", CudartBindings.cudaEventCreate(start));
            Cuda.check("cudaEventCreate", CudartBindings.cudaEventCreate(end));
            MemorySegment s = start.get(ValueLayout.ADDRESS, 0);
            MemorySegment e = end.get(ValueLayout.ADDRESS, 0);
            try {
                Cuda.check("cudaEventRecord", CudartBindings.cudaEventRecord(s, stream));
                work.run();
                Cuda.check("cudaEventRecord", CudartBindings.cudaEventRecord(e, stream));
                Cuda.check("cudaEventSynchronize", CudartBindings.cudaEventSynchronize(e));
                MemorySegment ms = tmp.allocate(ValueLayout.JAVA_FLOAT);
                Cuda.check("cudaEventElapsedTime", CudartBindings.cudaEventElapsedTime(ms, s, e));
                return ms.get(ValueLayout.JAVA_FLOAT, 0);
            } finally {
                CudartBindings.cudaEventDestroy(s);
                CudartBindings.cudaEventDestroy(e);
            }
        }
    }

    @Override
    public void close() {
        if (!closed) {
            closed = true;
            CudartBindings.cudaStreamSynchronize(stream);
            CudartBindings.cudaStreamDestroy(stream);
        }
    }

    private static void free(MemorySegment pointer) {
        // Runs when the owning arena closes; a failure here has nobody to report to but the next CUDA call.
        CudartBindings.cudaFree(pointer);
    }

    @Override
    public String toString() {
        return "CUDA device " + ordinal + " (" + architecture() + ")";
    }
}
