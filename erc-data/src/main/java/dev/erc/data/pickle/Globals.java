package dev.erc.data.pickle;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import net.razorvine.pickle.IObjectConstructor;
import net.razorvine.pickle.PickleException;

/**
 * The only Python globals a feature pickle may name: numpy's array and dtype reconstruction (numpy 1.x
 * {@code numpy.core}, numpy 2.x {@code numpy._core}), sets, ordered dicts, and the {@code _codecs.encode} that Python 3
 * uses for bytes in protocol-2 pickles. Anything else is refused, so a pickle cannot make the reader build arbitrary
 * objects, and a foreign file fails with its global's name.
 */
final class Globals {

    private static final Map<String, IObjectConstructor> ALLOWED = new LinkedHashMap<>();

    static {
        IObjectConstructor reconstruct = args -> new NdArray();
        IObjectConstructor marker = args -> {
            throw new PickleException("numpy.ndarray called directly");
        };
        IObjectConstructor dtype = args -> {
            if (args.length < 1 || !(args[0] instanceof String spec)) {
                throw new PickleException("numpy.dtype without a type string");
            }
            return new DType(spec);
        };
        IObjectConstructor frombuffer = args -> {
            if (args.length != 4 || !(args[1] instanceof DType d) || !(args[2] instanceof Object[] shape)
                    || !(args[3] instanceof String order)) {
                throw new PickleException("unexpected arguments to numpy _frombuffer");
            }
            int[] dims = new int[shape.length];
            for (int i = 0; i < dims.length; i++) {
                if (!(shape[i] instanceof Number n) || n.longValue() < 0 || n.longValue() > Integer.MAX_VALUE) {
                    throw new PickleException("bad numpy shape in _frombuffer");
                }
                dims[i] = n.intValue();
            }
            return NdArray.fromBuffer(NdArray.bytes(args[0]), d, dims, "F".equals(order));
        };
        IObjectConstructor scalar = args -> {
            if (args.length != 2 || !(args[0] instanceof DType d)) {
                throw new PickleException("unexpected arguments to numpy scalar");
            }
            NdArray a = NdArray.fromBuffer(NdArray.bytes(args[1]), d, new int[0], false);
            double v = a.values()[0];
            return d.kind() == 'f' ? (Object) v : (Object) (long) v;
        };
        for (String core : List.of("numpy.core", "numpy._core")) {
            ALLOWED.put(core + ".multiarray._reconstruct", reconstruct);
            ALLOWED.put(core + ".multiarray.scalar", scalar);
            ALLOWED.put(core + ".numeric._frombuffer", frombuffer);
        }
        ALLOWED.put("numpy.ndarray", marker);
        ALLOWED.put("numpy.dtype", dtype);
        IObjectConstructor set = args -> args.length == 0 ? new HashSet<>() : new HashSet<>(collection(args[0]));
        ALLOWED.put("__builtin__.set", set);
        ALLOWED.put("builtins.set", set);
        ALLOWED.put("__builtin__.frozenset", set);
        ALLOWED.put("builtins.frozenset", set);
        IObjectConstructor ordered = args -> {
            Map<Object, Object> m = new LinkedHashMap<>();
            if (args.length > 0) {
                for (Object pair : collection(args[0])) {
                    List<?> kv = pair instanceof Object[] t ? List.of(t) : (List<?>) pair;
                    m.put(kv.get(0), kv.get(1));
                }
            }
            return m;
        };
        ALLOWED.put("collections.OrderedDict", ordered);
        ALLOWED.put("_codecs.encode", args -> {
            if (args.length != 2 || !(args[0] instanceof String s) || !"latin1".equals(args[1])) {
                throw new PickleException("unexpected _codecs.encode arguments");
            }
            return s.getBytes(StandardCharsets.ISO_8859_1);
        });
    }

    private Globals() {
    }

    private static Collection<?> collection(Object o) {
        if (o instanceof Collection<?> c) {
            return c;
        }
        if (o instanceof Object[] t) {
            return new ArrayList<>(List.of(t));
        }
        throw new PickleException("expected a list, got " + (o == null ? "None" : o.getClass().getSimpleName()));
    }

    /** The constructor for {@code module.name}, or an exception naming the refused global. */
    static IObjectConstructor resolve(String module, String name) {
        IObjectConstructor c = ALLOWED.get(module + "." + name);
        if (c == null) {
            throw new UnsupportedGlobalException(module + "." + name);
        }
        return c;
    }
}
