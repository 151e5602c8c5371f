package dev.erc.api.internal;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.function.Function;

/** Strict UTF-8 decoding of a text file's bytes, for readers that must say where a file stops being UTF-8. */
public final class Utf8Text {

    private Utf8Text() {
    }

    /**
     * The text of {@code bytes}; where they are not UTF-8, the exception {@code failure} makes of the problem
     * ({@code "line 2: not UTF-8 text (byte 0xe9 at offset 15); save the file as UTF-8"}).
     */
    public static <E extends Exception> String decode(byte[] bytes, Function<String, E> failure) throws E {
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(bytes);
        // UTF-8 never decodes to more chars than it has bytes
        CharBuffer out = CharBuffer.allocate(bytes.length + 1);
        CoderResult result = decoder.decode(in, out, true);
        if (!result.isError()) {
            result = decoder.flush(out);
        }
        if (result.isError()) {
            int at = Math.min(in.position(), bytes.length - 1);
            int line = 1;
            for (int i = 0; i < at; i++) {
                line += bytes[i] == '\n' ? 1 : 0;
            }
            throw failure.apply("line " + line + ": not UTF-8 text (byte 0x" + String.format(Locale.ROOT, "%02x",
                    bytes[at] & 0xff) + " at offset " + at + "); save the file as UTF-8");
        }
        return out.flip().toString();
    }
}
