package dev.erc.compute.backend.cuda;

import org.junit.jupiter.api.Test;

import java.lang.foreign.Arena;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The structs passed by value to {@code index.cu}'s kernels: the Java layouts have the C declarations' fields, in
 * order, at the offsets a C compiler gives them (ints, then 8-byte-aligned arrays of {@code MAX_RANK} longs).
 */
class StridedLayoutTest {

    @Test
    void theJavaLayoutsFollowTheCDeclarations() {
        String src = KernelLibrary.source("index");
        Matcher rank = Pattern.compile("#define MAX_RANK (\\d+)").matcher(src);
        assertTrue(rank.find());
        assertEquals(StridedLayout.MAX_RANK, Integer.parseInt(rank.group(1)));
        assertEquals(fields(src, "Strided"), names(StridedLayout.STRIDED));
        assertEquals(fields(src, "Reduction"), names(StridedLayout.REDUCTION));
        assertEquals(8 + 3 * 8 * StridedLayout.MAX_RANK, StridedLayout.STRIDED.byteSize());
        assertEquals(8 + 4 * 8 * StridedLayout.MAX_RANK, StridedLayout.REDUCTION.byteSize());
    }

    @Test
    void valuesLandAtTheirFieldsOffsets() {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment s = StridedLayout.strided(arena, new long[] {2, 3}, new long[] {3, 1}, new long[] {1, 2});
            assertEquals(2, s.get(ValueLayout.JAVA_INT, 0));
            long dst = StridedLayout.STRIDED.byteOffset(MemoryLayout.PathElement.groupElement("dst"));
            assertEquals(2L, s.get(ValueLayout.JAVA_LONG, dst + 8));
            MemorySegment r = StridedLayout.reduction(arena, new long[] {4}, new long[] {1}, new long[] {5, 6},
                    new long[] {24, 4});
            long inStride = StridedLayout.REDUCTION.byteOffset(MemoryLayout.PathElement.groupElement("in_stride"));
            assertEquals(2, r.get(ValueLayout.JAVA_INT, 4));
            assertEquals(4L, r.get(ValueLayout.JAVA_LONG, inStride + 8));
            assertThrows(IllegalArgumentException.class, () -> StridedLayout.strided(arena, new long[7], null, null));
        }
    }

    private static java.util.List<String> fields(String src, String struct) {
        Matcher m = Pattern.compile("struct " + struct + " \\{([^}]*)\\};").matcher(src);
        assertTrue(m.find(), struct);
        java.util.List<String> names = new java.util.ArrayList<>();
        Matcher f = Pattern.compile("(\\w+)(\\[MAX_RANK\\])?;").matcher(m.group(1));
        while (f.find()) {
            names.add(f.group(1));
        }
        return names;
    }

    private static java.util.List<String> names(java.lang.foreign.StructLayout layout) {
        return layout.memberLayouts().stream().map(l -> l.name().orElseThrow()).toList();
    }
}
