package dev.erc.compute.backend;

/** A backend cannot run on this machine; the message says why and what would fix it. */
public final class BackendUnavailableException extends Exception {

    private static final long serialVersionUID = 1L;

    public BackendUnavailableException(String message) {
        super(message);
    }

    public BackendUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
