package dev.erc.compute.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.erc.compute.autograd.Tensor;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The dropout mask takes two elements from each 64-bit draw: each must still be dropped with probability p, and
 * the two of a draw independently of each other and of their neighbours.
 */
class DropoutMaskTest {

    private static final int N = 400_001;

    @Test
    void eachElementIsDroppedWithProbabilityP() {
        for (float p : new float[] {0.05f, 0.15f, 0.25f, 0.5f, 0.9f}) {
            boolean[] dropped = dropped(p, 3);
            int zeros = 0;
            for (boolean d : dropped) {
                zeros += d ? 1 : 0;
            }
            double sd = Math.sqrt(N * p * (1 - p));
            assertEquals(N * p, zeros, 5 * sd, "p = " + p);
        }
    }

    @Test
    void theTwoHalvesOfADrawAndTheirNeighboursAreIndependent() {
        float p = 0.3f;
        boolean[] d = dropped(p, 8);
        for (int lag = 1; lag <= 3; lag++) {
            for (int parity = 0; parity < 2; parity++) {
                int pairs = 0;
                int both = 0;
                for (int i = parity; i + lag < N; i += 2) {
                    pairs++;
                    both += d[i] && d[i + lag] ? 1 : 0;
                }
                double expected = pairs * p * p;
                double sd = Math.sqrt(pairs * p * p * (1 - p * p));
                assertEquals(expected, both, 5 * sd, "lag " + lag + " from " + (parity == 0 ? "even" : "odd"));
            }
        }
    }

    @Test
    void theLastElementOfAnOddLengthIsDrawnToo() {
        int lastDropped = 0;
        for (int seed = 0; seed < 2000; seed++) {
            boolean[] d = dropped(0.5f, seed, 3);
            lastDropped += d[2] ? 1 : 0;
        }
        assertTrue(lastDropped > 850 && lastDropped < 1150, "last element dropped " + lastDropped + " of 2000");
    }

    private static boolean[] dropped(float p, int seed) {
        return dropped(p, seed, N);
    }

    private static boolean[] dropped(float p, int seed, int n) {
        float[] y = Dropout.dropout(Tensor.ones(n), p, true, new SplittableRandom(seed)).data();
        boolean[] d = new boolean[n];
        for (int i = 0; i < n; i++) {
            d[i] = y[i] == 0f;
            assertTrue(d[i] || Math.abs(y[i] - 1f / (1f - p)) < 1e-6f, "kept elements are scaled by 1/(1-p)");
        }
        return d;
    }
}
