package dev.erc.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import org.junit.jupiter.api.Test;

/** A prediction cannot be changed through the arrays it was made from or hands out, and compares by value. */
class PredictionTest {

    @Test
    void isImmutableAndComparesByValue() {
        float[] p = {0.1f, 0.7f, 0.2f};
        Prediction a = new Prediction(1, "sad", p);
        p[1] = 0f;
        a.probabilities()[1] = 0f;
        assertEquals(0.7f, a.probability(1));
        assertEquals(0.7f, a.probabilities()[1]);
        Prediction b = new Prediction(1, "sad", new float[] {0.1f, 0.7f, 0.2f});
        assertEquals(a, b);
        assertEquals(a.hashCode(), b.hashCode());
        assertNotEquals(a, new Prediction(1, "sad", new float[] {0.1f, 0.6f, 0.3f}));
        assertEquals("Prediction[label=1, name=sad, probabilities=[0.1, 0.7, 0.2]]", a.toString());
    }
}
