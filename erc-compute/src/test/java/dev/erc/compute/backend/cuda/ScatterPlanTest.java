package dev.erc.compute.backend.cuda;

import org.junit.jupiter.api.Test;

import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** The host-built inverse index behind the device's deterministic scatter-add, and a scatter through it on the CPU. */
class ScatterPlanTest {

    @Test
    void groupsPositionsByTargetInIncreasingOrder() {
        ScatterPlan p = ScatterPlan.of(new int[] {5, 2, 5, 0, 2, 5});
        assertArrayEquals(new int[] {0, 2, 5}, p.target());
        assertArrayEquals(new int[] {0, 1, 3, 6}, p.start());
        assertArrayEquals(new int[] {3, 1, 4, 0, 2, 5}, p.order());
    }

    @Test
    void scatteringThroughThePlanAddsWhatAPlainLoopAdds() {
        java.util.SplittableRandom r = new java.util.SplittableRandom(3);
        int n = 10_000;
        int[] targetOf = new int[n];
        float[] src = new float[n];
        for (int i = 0; i < n; i++) {
            targetOf[i] = r.nextInt(300);
            src[i] = (float) r.nextDouble(-1, 1);
        }
        float[] expected = new float[300];
        for (int i = 0; i < n; i++) {
            expected[targetOf[i]] += src[i];
        }
        ScatterPlan p = ScatterPlan.of(targetOf);
        float[] actual = new float[300];
        for (int t = 0; t < p.target().length; t++) { // what erc_scatter_add does, one target per thread
            float sum = 0f;
            for (int k = p.start()[t]; k < p.start()[t + 1]; k++) {
                sum += src[p.order()[k]];
            }
            actual[p.target()[t]] += sum;
        }
        assertArrayEquals(expected, actual, 1e-4f);
        assertEquals(n, p.order().length);
        assertEquals(n, Arrays.stream(p.order()).distinct().count(), "every position exactly once");
    }

    @Test
    void anEmptyIndexHasAnEmptyPlan() {
        ScatterPlan p = ScatterPlan.of(new int[0]);
        assertEquals(0, p.target().length);
        assertArrayEquals(new int[] {0}, p.start());
    }
}
