package dev.erc.model.io;

import dev.erc.api.Modality;
import java.lang.reflect.Constructor;
import java.lang.reflect.RecordComponent;
import java.util.EnumSet;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;

/**
 * Writes a configuration record's components as properties ({@code prefix + name = value}) and reads them back.
 * Supports the component types configurations use: primitives, strings and sets of {@link Modality}.
 */
public final class RecordProperties {

    private RecordProperties() {
    }

    public static void write(Record r, String prefix, Properties into) {
        for (RecordComponent c : r.getClass().getRecordComponents()) {
            try {
                Object v = c.getAccessor().invoke(r);
                String text = v instanceof Set<?> s ? String.join(",", new TreeSet<>(s.stream().map(String::valueOf)
                        .toList())) : String.valueOf(v);
                into.setProperty(prefix + c.getName(), text);
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    /** Rebuilds a record; a missing or malformed value names the property. */
    public static <R extends Record> R read(Class<R> type, String prefix, Properties from, String source)
            throws ParameterFileException {
        RecordComponent[] cs = type.getRecordComponents();
        Object[] args = new Object[cs.length];
        Class<?>[] types = new Class<?>[cs.length];
        for (int i = 0; i < cs.length; i++) {
            types[i] = cs[i].getType();
            String key = prefix + cs[i].getName();
            String v = from.getProperty(key);
            if (v == null) {
                throw new ParameterFileException(source + ": missing setting '" + key + "'");
            }
            try {
                args[i] = parse(types[i], v);
            } catch (RuntimeException e) {
                throw new ParameterFileException(source + ": setting '" + key + "' has invalid value '" + v + "'", e);
            }
        }
        try {
            Constructor<R> ctor = type.getDeclaredConstructor(types);
            return ctor.newInstance(args);
        } catch (ReflectiveOperationException e) {
            throw new ParameterFileException(source + ": settings do not form a valid " + type.getSimpleName() + ": "
                    + (e.getCause() != null ? e.getCause().getMessage() : e), e);
        }
    }

    private static Object parse(Class<?> t, String v) {
        if (t == int.class) {
            return Integer.parseInt(v);
        }
        if (t == long.class) {
            return Long.parseLong(v);
        }
        if (t == float.class) {
            return Float.parseFloat(v);
        }
        if (t == double.class) {
            return Double.parseDouble(v);
        }
        if (t == boolean.class) {
            if (!v.equals("true") && !v.equals("false")) {
                throw new IllegalArgumentException(v);
            }
            return Boolean.parseBoolean(v);
        }
        if (t == String.class) {
            return v;
        }
        if (t == Set.class) {
            EnumSet<Modality> set = EnumSet.noneOf(Modality.class);
            for (String s : v.split(",")) {
                if (!s.isBlank()) {
                    set.add(Modality.valueOf(s.trim()));
                }
            }
            return set;
        }
        throw new IllegalArgumentException("unsupported setting type " + t);
    }
}
