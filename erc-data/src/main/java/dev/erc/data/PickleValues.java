package dev.erc.data;

import dev.erc.data.pickle.NdArray;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Typed views of unpickled values, each failing with a {@link DatasetFormatException} that names the file, the
 * dialogue (when known) and what was expected instead of what was found.
 */
final class PickleValues {

    private final Path file;

    PickleValues(Path file) {
        this.file = file;
    }

    Path file() {
        return file;
    }

    DatasetFormatException error(String dialogue, String message) {
        return dialogue == null ? DatasetFormatException.in(file, message)
                : DatasetFormatException.in(file, dialogue, message);
    }

    static String describe(Object o) {
        if (o == null) {
            return "None";
        }
        if (o instanceof Object[] t) {
            return "a tuple of " + t.length;
        }
        if (o instanceof Collection<?> c) {
            return "a " + (o instanceof List ? "list" : "set") + " of " + c.size();
        }
        if (o instanceof Map<?, ?> m) {
            return "a dict of " + m.size();
        }
        return "a " + o.getClass().getSimpleName();
    }

    /** A tuple or list of exactly {@code arity} items. */
    List<Object> sequence(Object o, int arity, String what) throws DatasetFormatException {
        List<Object> items = o instanceof Object[] t ? List.of(t) : o instanceof List<?> l ? new ArrayList<>(l) : null;
        if (items == null || items.size() != arity) {
            throw error(null, what + ": expected a tuple of " + arity + " items, found " + describe(o));
        }
        return items;
    }

    /** A dict keyed by dialogue id; keys become strings (MELD's ids are ints). */
    Map<?, ?> dict(Object o, String what) throws DatasetFormatException {
        if (!(o instanceof Map<?, ?> m)) {
            throw error(null, what + ": expected a dict keyed by dialogue id, found " + describe(o));
        }
        return m;
    }

    /** The dialogue ids of a split (list, tuple or set), as sorted strings. */
    List<String> ids(Object o, String what) throws DatasetFormatException {
        Collection<?> c = o instanceof Object[] t ? List.of(t) : o instanceof Collection<?> col ? col : null;
        if (c == null) {
            throw error(null, what + ": expected a list or set of dialogue ids, found " + describe(o));
        }
        TreeSet<String> ids = new TreeSet<>();
        for (Object id : c) {
            ids.add(key(id));
        }
        return new ArrayList<>(ids);
    }

    static String key(Object id) {
        return id instanceof byte[] b ? new String(b, StandardCharsets.ISO_8859_1) : String.valueOf(id);
    }

    /** The value of {@code dict} for dialogue {@code id}, which must be present. */
    Object entry(Map<?, ?> dict, String id, String what) throws DatasetFormatException {
        Object v = dict.get(id);
        if (v == null) {
            for (Map.Entry<?, ?> e : dict.entrySet()) {
                if (key(e.getKey()).equals(id)) {
                    return e.getValue();
                }
            }
            throw error(id, "missing from " + what);
        }
        return v;
    }

    /** An array that was completely unpickled. */
    private NdArray built(NdArray a, String dialogue, String what) throws DatasetFormatException {
        if (!a.isBuilt()) {
            throw error(dialogue, what + ": a numpy array without its data (corrupt pickle)");
        }
        return a;
    }

    /** A per-utterance list. */
    List<?> list(Object o, String dialogue, String what) throws DatasetFormatException {
        if (o instanceof List<?> l) {
            return l;
        }
        if (o instanceof Object[] t) {
            return List.of(t);
        }
        if (o instanceof NdArray a && built(a, dialogue, what).shape().length == 1) {
            List<Object> values = new ArrayList<>();
            for (double v : a.values()) {
                values.add(v);
            }
            return values;
        }
        throw error(dialogue, what + ": expected a list per utterance, found " + describe(o));
    }

    /** An integer (Python int, integral float, or numpy integer scalar). */
    int integer(Object o, String dialogue, String what) throws DatasetFormatException {
        if (o instanceof Number n) {
            double d = n.doubleValue();
            if (d == Math.rint(d) && Math.abs(d) < Integer.MAX_VALUE) {
                return (int) d;
            }
        }
        throw error(dialogue, what + ": expected an integer, found " + (o instanceof Number ? o : describe(o)));
    }

    /** Windows-1252's characters for the bytes 0x80-0x9F, which latin-1 maps to control characters. */
    private static final char[] CP1252;

    static {
        byte[] b = new byte[0x20];
        for (int i = 0; i < b.length; i++) {
            b[i] = (byte) (0x80 + i);
        }
        CP1252 = new String(b, java.nio.charset.Charset.forName("windows-1252")).toCharArray();
    }

    /**
     * Text: a str (Python 2 str arrives as latin-1) or bytes. The field's transcripts were written on Windows: MELD
     * has "must\x92ve" for "must’ve" in 3,741 utterances; such C1 control characters are read as Windows-1252 (a
     * tokenizer would drop them and join the words).
     */
    String text(Object o, String dialogue, String what) throws DatasetFormatException {
        if (o instanceof String s) {
            return windows1252(s);
        }
        if (o instanceof byte[] b) {
            return windows1252(new String(b, StandardCharsets.ISO_8859_1));
        }
        throw error(dialogue, what + ": expected a string, found " + describe(o));
    }

    static String windows1252(String s) {
        char[] c = null;
        for (int i = 0; i < s.length(); i++) {
            char ch = s.charAt(i);
            if (ch >= 0x80 && ch < 0xA0 && CP1252[ch - 0x80] != '\uFFFD') {
                if (c == null) {
                    c = s.toCharArray();
                }
                c[i] = CP1252[ch - 0x80];
            }
        }
        return c == null ? s : new String(c);
    }

    /**
     * Feature rows of one dialogue: a list of 1-d numpy arrays (or of lists of numbers), or one 2-d array. Every
     * value must be finite.
     */
    float[][] rows(Object o, String dialogue, String what) throws DatasetFormatException {
        if (o instanceof NdArray a) {
            int[] s = built(a, dialogue, what).shape();
            if (s.length != 2) {
                throw error(dialogue, what + ": expected a 2-d array or a list of vectors, found an array of shape "
                        + java.util.Arrays.toString(s));
            }
            float[] all = a.toFloats();
            float[][] rows = new float[s[0]][];
            for (int i = 0; i < s[0]; i++) {
                rows[i] = java.util.Arrays.copyOfRange(all, i * s[1], (i + 1) * s[1]);
                checkFinite(rows[i], dialogue, what, i);
            }
            return rows;
        }
        List<?> items = list(o, dialogue, what);
        float[][] rows = new float[items.size()][];
        for (int i = 0; i < rows.length; i++) {
            rows[i] = vector(items.get(i), dialogue, what, i);
            checkFinite(rows[i], dialogue, what, i);
        }
        return rows;
    }

    private float[] vector(Object o, String dialogue, String what, int utterance) throws DatasetFormatException {
        if (o instanceof NdArray a) {
            if (built(a, dialogue, what).shape().length != 1) {
                throw error(dialogue, what + " of utterance " + utterance + ": expected a vector, found shape "
                        + java.util.Arrays.toString(a.shape()));
            }
            return a.toFloats();
        }
        if (o instanceof List<?> l) {
            float[] v = new float[l.size()];
            for (int i = 0; i < v.length; i++) {
                if (!(l.get(i) instanceof Number n)) {
                    throw error(dialogue, what + " of utterance " + utterance + ": expected numbers, found "
                            + describe(l.get(i)));
                }
                v[i] = n.floatValue();
            }
            return v;
        }
        throw error(dialogue, what + " of utterance " + utterance + ": expected a vector, found " + describe(o));
    }

    private void checkFinite(float[] v, String dialogue, String what, int utterance) throws DatasetFormatException {
        for (int j = 0; j < v.length; j++) {
            if (!Float.isFinite(v[j])) {
                throw error(dialogue, what + " of utterance " + utterance + " has " + v[j] + " at index " + j
                        + "; features must be finite");
            }
        }
    }
}
