package dev.erc.data.pickle;

import java.io.ByteArrayInputStream;
import net.razorvine.pickle.PickleException;

/** A pickle held in memory, which can check a length prefix against what remains before it is read. */
final class BoundedInput extends ByteArrayInputStream {

    BoundedInput(byte[] data) {
        super(data);
    }

    /**
     * Peeks at the little-endian length of {@code width} bytes at the current position and refuses it when it exceeds
     * the bytes after it; the position is unchanged.
     */
    void checkLength(int width) {
        if (pos + width > count) {
            throw new PickleException("pickle truncated inside a length prefix");
        }
        long len = 0;
        for (int i = width - 1; i >= 0; i--) {
            len = (len << 8) | (buf[pos + i] & 0xFF);
        }
        if (len < 0 || len > count - pos - width) {
            throw new PickleException("pickle length prefix " + len + " exceeds the " + (count - pos - width)
                    + " bytes that remain");
        }
    }
}
