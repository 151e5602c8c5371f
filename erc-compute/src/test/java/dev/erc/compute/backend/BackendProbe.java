package dev.erc.compute.backend;

/** Prints the default backend's name; {@link BackendsTest} runs it in JVMs started with other flags. */
public final class BackendProbe {

    private BackendProbe() {
    }

    public static void main(String[] args) {
        System.out.println("backend=" + Backends.defaultBackend().name());
    }
}
