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
}
