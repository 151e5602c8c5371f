package dev.erc.compute.backend.cuda;

import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SegmentAllocator;
import java.lang.foreign.StructLayout;
import java.lang.foreign.ValueLayout;

/**
 * The index-space structs of {@code kernels/index.cu}, written field for field as the CUDA C declares them
 * ({@code struct Strided}, {@code struct Reduction}); a kernel receives them by value.
 */
final class StridedLayout {

    /** Axes an index space may have (the C side's {@code MAX_RANK}). */
    static final int MAX_RANK = 6;

    private static final MemoryLayout AXES = MemoryLayout.sequenceLayout(MAX_RANK, ValueLayout.JAVA_LONG);

    /** {@code struct Strided { int rank; int unused; long long shape[6], src[6], dst[6]; }} */
    static final StructLayout STRIDED = MemoryLayout.structLayout(ValueLayout.JAVA_INT.withName("rank"),
            ValueLayout.JAVA_INT.withName("unused"), AXES.withName("shape"), AXES.withName("src"),
            AXES.withName("dst"));

    /** {@code struct Reduction { int out_rank, in_rank; long long out_shape[6], out_stride[6], in_shape[6], in_stride[6]; }} */
    static final StructLayout REDUCTION = MemoryLayout.structLayout(ValueLayout.JAVA_INT.withName("out_rank"),
            ValueLayout.JAVA_INT.withName("in_rank"), AXES.withName("out_shape"), AXES.withName("out_stride"),
            AXES.withName("in_shape"), AXES.withName("in_stride"));

    private StridedLayout() {
    }

    /** A {@code Strided} over {@code shape} with source and destination strides (null: all 0). */
    static MemorySegment strided(SegmentAllocator allocator, long[] shape, long[] src, long[] dst) {
        check(shape, src, dst);
        MemorySegment s = allocator.allocate(STRIDED);
        s.set(ValueLayout.JAVA_INT, 0, shape.length);
        put(s, 8, shape);
        put(s, 8 + 8L * MAX_RANK, src);
        put(s, 8 + 16L * MAX_RANK, dst);
        return s;
    }

    /** A {@code Reduction}: kept axes (shape, source stride) and reduced axes (shape, source stride). */
    static MemorySegment reduction(SegmentAllocator allocator, long[] outShape, long[] outStride, long[] inShape,
                                   long[] inStride) {
        check(outShape, outStride, null);
        check(inShape, inStride, null);
        MemorySegment s = allocator.allocate(REDUCTION);
        s.set(ValueLayout.JAVA_INT, 0, outShape.length);
        s.set(ValueLayout.JAVA_INT, 4, inShape.length);
        put(s, 8, outShape);
        put(s, 8 + 8L * MAX_RANK, outStride);
        put(s, 8 + 16L * MAX_RANK, inShape);
        put(s, 8 + 24L * MAX_RANK, inStride);
        return s;
    }

    /** Elements in {@code shape}. */
    static long size(long[] shape) {
        long n = 1;
        for (long d : shape) {
            n *= d;
        }
        return n;
    }

    private static void check(long[] shape, long[] a, long[] b) {
        if (shape.length > MAX_RANK) {
            throw new IllegalArgumentException("at most " + MAX_RANK + " axes on the device, got " + shape.length);
        }
        if ((a != null && a.length != shape.length) || (b != null && b.length != shape.length)) {
            throw new IllegalArgumentException("strides do not match the rank " + shape.length);
        }
    }

    private static void put(MemorySegment s, long offset, long[] values) {
        if (values != null) {
            for (int i = 0; i < values.length; i++) {
                s.set(ValueLayout.JAVA_LONG, offset + 8L * i, values[i]);
            }
        }
    }
}
