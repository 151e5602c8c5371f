package dev.erc.compute.backend.cpu;

import jdk.incubator.vector.FloatVector;
import org.junit.jupiter.api.Test;

import java.lang.management.ManagementFactory;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The GEMM register tile follows the registers the JIT has: 5x2 with AVX2's 16 (6x2 spilled an accumulator there),
 * 12x2 with 32 at 512 bits, 6x2 with 32 at narrower widths. The {@code avx2} surefire run (-XX:UseAVX=2) checks
 * that it really runs the 16-register tile, so VectorKernelTest's GEMM cases cover it on AVX-512 machines too.
 */
class TileShapeTest {

    @Test
    void theTileFitsTheRegisterFile() {
        boolean x86 = !"aarch64".equals(System.getProperty("os.arch"));
        boolean avx2Forced = ManagementFactory.getRuntimeMXBean().getInputArguments().contains("-XX:UseAVX=2");
        if (x86 && avx2Forced) {
            assertEquals(16, Species.VECTOR_REGISTERS);
        }
        int expected = Species.VECTOR_REGISTERS == 16 ? 5 : Species.LANES >= 16 ? 12 : 6;
        assertEquals(expected, VectorSgemm.MR);
        assertEquals(FloatVector.SPECIES_PREFERRED.vectorBitSize() >= 512 || !x86 ? 32 : 16,
                Species.VECTOR_REGISTERS);
    }

    /**
     * Products of few rows take the short tile where it wastes fewer padded rows (a recurrence's 16-row steps:
     * 2 x 8 instead of 12 + 12, 4 x 4 instead of 4 x 5); VectorKernelTest's 16- and 30-row GEMMs run it.
     */
    @Test
    void fewRowsTakeTheShortTile() {
        int shortRows = Species.VECTOR_REGISTERS == 16 ? 4 : 8;
        assertEquals(shortRows, VectorSgemm.MR_SHORT);
        assertEquals(shortRows, VectorSgemm.tileRows(16));
        assertEquals(shortRows, VectorSgemm.tileRows(shortRows));
        assertEquals(VectorSgemm.MR, VectorSgemm.tileRows(1000), "many rows: the full tile");
        assertEquals(VectorSgemm.MR, VectorSgemm.tileRows(VectorSgemm.MR), "a full tile fits exactly");
        for (int m = 1; m <= 64; m++) {
            int rows = VectorSgemm.tileRows(m);
            int padded = (m + rows - 1) / rows * rows;
            assertEquals(true, padded <= (m + VectorSgemm.MR - 1) / VectorSgemm.MR * VectorSgemm.MR,
                    m + " rows padded to " + padded);
        }
    }
}
