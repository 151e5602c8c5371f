package dev.erc.compute.backend.cuda;

/**
 * A CUDA, cuBLAS, cuDNN or NVRTC call that returned an error status: names the call, the status code and the
 * library's own message for it.
 */
public final class CudaException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final String call;
    private final int status;

    CudaException(String call, int status, String message) {
        super(call + " failed with status " + status + ": " + message);
        this.call = call;
        this.status = status;
    }

    /** The native function that failed. */
    public String call() {
        return call;
    }

    /** The status it returned. */
    public int status() {
        return status;
    }
}
