package dev.erc.data.pickle;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import net.razorvine.pickle.PickleException;

/**
 * A numpy array read from a pickle: its shape and its values widened to double. Built either by
 * {@code numpy.core.multiarray._reconstruct} followed by {@code __setstate__} (every numpy version, protocols 2-4), or
 * by {@code numpy._core.numeric._frombuffer} (numpy 2 with protocol 5).
 */
public final class NdArray {

    private int[] shape = new int[0];
    /** float32 arrays keep their values as read; every other dtype is widened to double. */
    private float[] floats;
    private double[] values = new double[0];
    private boolean built;

    NdArray() {
    }

    static NdArray fromBuffer(byte[] raw, DType dtype, int[] shape, boolean fortran) {
        NdArray a = new NdArray();
        a.fill(shape, dtype, fortran, raw);
        return a;
    }

    /** numpy's ndarray state: (version, shape, dtype, is_fortran, raw data). */
    public void __setstate__(Object[] state) {
        if (state.length != 5 || !(state[2] instanceof DType dtype) || !(state[3] instanceof Boolean fortran)) {
            throw new PickleException("unexpected numpy array state of " + state.length + " items");
        }
        fill(shape(state[1]), dtype, fortran, bytes(state[4]));
    }

    private void fill(int[] dims, DType dtype, boolean fortran, byte[] raw) {
        long count = 1;
        for (int d : dims) {
            if (d < 0) {
                throw new PickleException("negative dimension in numpy shape " + Arrays.toString(dims));
            }
            count *= d;
            if (count > Integer.MAX_VALUE) {
                throw new PickleException("numpy shape " + Arrays.toString(dims) + " is too large");
            }
        }
        if (count * dtype.size() != raw.length) {
            throw new PickleException("numpy array of shape " + Arrays.toString(dims) + " and dtype " + dtype
                    + " needs " + count * dtype.size() + " bytes, the pickle holds " + raw.length);
        }
        if (fortran && dims.length > 1) {
            throw new PickleException("Fortran-ordered numpy arrays are not supported");
        }
        ByteBuffer buf = ByteBuffer.wrap(raw).order(dtype.bigEndian() ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN);
        this.shape = dims;
        this.built = true;
        if (dtype.kind() == 'f' && dtype.size() == 4) {
            floats = new float[(int) count];
            buf.asFloatBuffer().get(floats);
            values = null;
            return;
        }
        double[] v = new double[(int) count];
        for (int i = 0; i < v.length; i++) {
            v[i] = switch (dtype.kind()) {
                case 'f' -> dtype.size() == 4 ? buf.getFloat() : buf.getDouble();
                case 'b' -> buf.get() != 0 ? 1 : 0;
                case 'u' -> switch (dtype.size()) {
                    case 1 -> buf.get() & 0xFF;
                    case 2 -> buf.getShort() & 0xFFFF;
                    case 4 -> buf.getInt() & 0xFFFFFFFFL;
                    default -> buf.getLong();
                };
                default -> switch (dtype.size()) {
                    case 1 -> buf.get();
                    case 2 -> buf.getShort();
                    case 4 -> buf.getInt();
                    default -> buf.getLong();
                };
            };
        }
        this.values = v;
    }

    private static int[] shape(Object o) {
        if (!(o instanceof Object[] t)) {
            throw new PickleException("numpy shape is not a tuple");
        }
        int[] dims = new int[t.length];
        for (int i = 0; i < t.length; i++) {
            if (!(t[i] instanceof Number n)) {
                throw new PickleException("numpy shape holds a non-integer");
            }
            long v = n.longValue();
            if (v < 0 || v > Integer.MAX_VALUE) {
                throw new PickleException("numpy dimension " + v + " out of range");
            }
            dims[i] = (int) v;
        }
        return dims;
    }

    /** Raw data: Python 3 bytes, or a Python 2 str whose chars are the bytes (latin-1). */
    static byte[] bytes(Object o) {
        if (o instanceof byte[] b) {
            return b;
        }
        if (o instanceof String s) {
            return s.getBytes(StandardCharsets.ISO_8859_1);
        }
        if (o instanceof List<?>) {
            throw new PickleException("numpy object arrays are not supported");
        }
        throw new PickleException("numpy array data of unexpected type " + (o == null ? "None" : o.getClass()
                .getSimpleName()));
    }

    /** False for an array whose {@code __setstate__} never came (a corrupt pickle). */
    public boolean isBuilt() {
        return built;
    }

    public int[] shape() {
        if (!built) {
            throw new PickleException("numpy array without state");
        }
        return shape.clone();
    }

    public int size() {
        return floats != null ? floats.length : values.length;
    }

    /** The values in row-major order, widened to double (a copy for float32 arrays). */
    public double[] values() {
        if (floats == null) {
            return values;
        }
        double[] d = new double[floats.length];
        for (int i = 0; i < d.length; i++) {
            d[i] = floats[i];
        }
        return d;
    }

    /** The values as float32, row-major: the array itself for float32 data (do not modify), else a narrowed copy. */
    public float[] toFloats() {
        if (floats != null) {
            return floats;
        }
        float[] f = new float[values.length];
        for (int i = 0; i < f.length; i++) {
            f[i] = (float) values[i];
        }
        return f;
    }

    @Override
    public String toString() {
        return "ndarray" + Arrays.toString(shape);
    }
}
