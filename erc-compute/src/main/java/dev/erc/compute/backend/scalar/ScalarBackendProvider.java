package dev.erc.compute.backend.scalar;

import dev.erc.compute.backend.Backend;
import dev.erc.compute.backend.BackendProvider;

/** Registers the {@link ScalarBackend}; it runs everywhere, so it ranks last. */
public final class ScalarBackendProvider implements BackendProvider {

    @Override
    public String name() {
        return "scalar";
    }

    @Override
    public int rank() {
        return 100;
    }

    @Override
    public Backend create() {
        return new ScalarBackend();
    }
}
