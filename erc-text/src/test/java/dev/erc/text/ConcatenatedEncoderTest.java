package dev.erc.text;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class ConcatenatedEncoderTest {

    @Test
    void vectorsAreJoinedInOrder() throws EncoderException {
        HashEncoder a = new HashEncoder(3);
        HashEncoder b = new HashEncoder(5);
        try (ConcatenatedEncoder both = ConcatenatedEncoder.of(a, b)) {
            assertEquals("hash-3+hash-5", both.id());
            assertEquals(8, both.dimension());
            assertEquals(8, both.maxTokens());
            EncodedText e = both.encode("one two three four five six seven");
            float[] want = Arrays.copyOf(HashEncoder.vectorOf("one two three four five six seven", 3), 8);
            System.arraycopy(HashEncoder.vectorOf("one two three four five six seven", 5), 0, want, 3, 5);
            assertArrayEquals(want, e.vector());
            assertTrue(e.truncated(), "9 tokens in a window of 8");
        }
        assertThrows(IllegalArgumentException.class, () -> ConcatenatedEncoder.of(new HashEncoder(2)));
    }
}
