package dev.erc.model.train;

import java.util.SplittableRandom;
import java.util.random.RandomGenerator;

/**
 * The random source of a model's dropout layers and batch order, reseeded at the start of every epoch from
 * (seed, stage, part, epoch). An epoch's randomness therefore never depends on earlier epochs, which is what lets a
 * run resumed from a checkpoint repeat exactly what an uninterrupted run would have done.
 */
public final class EpochRandom implements RandomGenerator {

    private final long seed;
    private SplittableRandom current;

    public EpochRandom(long seed) {
        this.seed = seed;
        this.current = new SplittableRandom(seed);
    }

    /** Restarts the sequence for one epoch. */
    public void reseed(int stage, int part, int epoch) {
        long mixed = seed;
        for (long v : new long[] {stage, part, epoch}) {
            mixed = mixed * 0x9E3779B97F4A7C15L + v + 1;
        }
        current = new SplittableRandom(mixed);
    }

    @Override
    public long nextLong() {
        return current.nextLong();
    }
}
