package dev.erc.compute.autograd;

/**
 * Per-thread switch for graph recording. Inference runs inside {@link #noGrad()} so that no closures or
 * intermediate buffers are kept:
 *
 * <pre>{@code
 * try (var scope = GradMode.noGrad()) {
 *     Tensor logits = model.forward(batch);
 * }
 * }</pre>
 */
public final class GradMode {

    private static final ThreadLocal<boolean[]> ENABLED = ThreadLocal.withInitial(() -> new boolean[] {true});

    private GradMode() {
    }

    public static boolean isEnabled() {
        return ENABLED.get()[0];
    }

    /** Disables recording until the returned scope is closed; scopes nest. */
    public static Scope noGrad() {
        boolean[] flag = ENABLED.get();
        boolean previous = flag[0];
        flag[0] = false;
        return () -> flag[0] = previous;
    }

    /** A scope that restores the previous grad mode when closed. */
    @FunctionalInterface
    public interface Scope extends AutoCloseable {
        @Override
        void close();
    }
}
