package dev.erc.compute.backend.cpu;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The vector species every kernel uses, chosen once. By default the JVM's preferred width for this CPU (512 bits
 * with AVX-512, 256 with AVX2); {@code -Derc.vector.bits=128|256|512} forces a width, so tests can exercise the
 * narrow kernels on a wide machine.
 */
final class Species {

    static final VectorSpecies<Float> FLOATS = choose();

    /** Floats per vector. */
    static final int LANES = FLOATS.length();

    /**
     * Vector registers the JIT can allocate: 32 on AArch64 (NEON/SVE) and on x86 with AVX-512 enabled (the preferred
     * species is then 512 bits, whatever width we use), 16 on x86 without it (AVX2, or {@code -XX:UseAVX=2}).
     */
    static final int VECTOR_REGISTERS = "aarch64".equals(System.getProperty("os.arch"))
            || FloatVector.SPECIES_PREFERRED.vectorBitSize() >= 512 ? 32 : 16;

    private Species() {
    }

    private static VectorSpecies<Float> choose() {
        String bits = System.getProperty("erc.vector.bits");
        if (bits == null || bits.isBlank()) {
            return FloatVector.SPECIES_PREFERRED;
        }
        VectorSpecies<Float> s = switch (bits.trim()) {
            case "128" -> FloatVector.SPECIES_128;
            case "256" -> FloatVector.SPECIES_256;
            case "512" -> FloatVector.SPECIES_512;
            default -> throw new IllegalArgumentException("erc.vector.bits must be 128, 256 or 512, got " + bits);
        };
        if (s.vectorBitSize() > FloatVector.SPECIES_PREFERRED.vectorBitSize()) {
            throw new IllegalArgumentException("erc.vector.bits=" + bits + " is wider than this CPU's "
                    + FloatVector.SPECIES_PREFERRED.vectorBitSize() + "-bit vectors");
        }
        return s;
    }
}
