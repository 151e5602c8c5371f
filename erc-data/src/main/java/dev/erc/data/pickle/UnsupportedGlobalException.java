package dev.erc.data.pickle;

import net.razorvine.pickle.PickleException;

/** A pickle names a Python class or function outside the allow-list of {@link Globals}. */
public final class UnsupportedGlobalException extends PickleException {

    private static final long serialVersionUID = 1L;

    UnsupportedGlobalException(String global) {
        super("unsupported pickle global '" + global + "' (only numpy arrays, dtypes, lists, dicts, sets and tuples"
                + " are read)");
    }
}
