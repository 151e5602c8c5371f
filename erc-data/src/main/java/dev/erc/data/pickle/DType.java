package dev.erc.data.pickle;

import net.razorvine.pickle.PickleException;

/**
 * A numpy dtype as pickled: {@code numpy.dtype('f4', False, True)} then {@code __setstate__((3, '<', ...))}.
 * Only numeric scalar types are supported.
 */
public final class DType {

    private final char kind;
    private final int size;
    private boolean bigEndian;

    DType(String spec) {
        if (spec == null || spec.length() < 2) {
            throw new PickleException("unsupported numpy dtype '" + spec + "'");
        }
        this.kind = spec.charAt(0);
        try {
            this.size = Integer.parseInt(spec.substring(1));
        } catch (NumberFormatException e) {
            throw new PickleException("unsupported numpy dtype '" + spec + "'");
        }
        boolean ok = switch (kind) {
            case 'f' -> size == 4 || size == 8;
            case 'i', 'u' -> size == 1 || size == 2 || size == 4 || size == 8;
            case 'b' -> size == 1;
            default -> false;
        };
        if (!ok) {
            throw new PickleException("unsupported numpy dtype '" + spec + "' (numeric arrays only)");
        }
    }

    /** Called by the unpickler with numpy's dtype state tuple; element 1 is the byte order. */
    public void __setstate__(Object[] state) {
        if (state.length > 1 && state[1] instanceof String order) {
            bigEndian = ">".equals(order);
        }
    }

    char kind() {
        return kind;
    }

    int size() {
        return size;
    }

    boolean bigEndian() {
        return bigEndian;
    }

    @Override
    public String toString() {
        return (bigEndian ? ">" : "<") + kind + size;
    }
}
