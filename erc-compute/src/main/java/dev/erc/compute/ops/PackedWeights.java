package dev.erc.compute.ops;

import dev.erc.compute.autograd.Tensor;
import dev.erc.compute.backend.Backend;
import dev.erc.compute.backend.PackedMatrix;
import java.util.Collection;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * Weights packed once into GEMM panels for a model whose weights no longer change: inference. A product by a weight
 * packs it into the backend's panel layout first; over one dialogue of ten utterances that repacking was half of a
 * prediction (the 1,582-wide input weights of the recurrences are multiplied by only ten rows). A model makes one
 * of these when its weights are final (after training or loading) and makes it current while it predicts:
 *
 * <pre>{@code
 * try (var scope = packedWeights.use()) {
 *     Tensor logits = model.forward(batch);   // Linear, recurrences, attention read their packed weights here
 * }
 * }</pre>
 *
 * <p>Only the tensors given at construction are packed, each on its first use and then shared by every thread that
 * uses this object (one per backend). A packed product gives the same bits as the unpacked one ({@link
 * Backend#sgemm(boolean, int, int, int, float, float[], int, int, PackedMatrix, float, float[], int, int)}), so
 * predictions do not depend on whether this is in use. The packed copies cost about the weights' own memory. The
 * caller promises the weights do not change while this object lives: a model drops it before training again.
 */
public final class PackedWeights {

    private static final ThreadLocal<PackedWeights> CURRENT = new ThreadLocal<>();

    /** The weights this object may pack, by identity. */
    private final Set<Tensor> frozen;
    private final ConcurrentHashMap<Key, PackedMatrix> packed = new ConcurrentHashMap<>();

    /** One packed operand: rows {@code [from, to)} of the tensors stacked, transposed or as they are. */
    private record Key(Backend backend, List<Tensor> tensors, int from, int to, boolean transposed) {
    }

    private PackedWeights(Collection<Tensor> weights) {
        Set<Tensor> set = Collections.newSetFromMap(new IdentityHashMap<>());
        set.addAll(weights);
        this.frozen = Collections.unmodifiableSet(set);
    }

    /** A cache for {@code weights}, which must not change while it is in use. Nothing is packed yet. */
    public static PackedWeights of(Collection<Tensor> weights) {
        return new PackedWeights(weights);
    }

    /** Makes this cache current on this thread until the returned scope is closed; scopes nest. */
    public Scope use() {
        PackedWeights previous = CURRENT.get();
        CURRENT.set(this);
        return () -> CURRENT.set(previous);
    }

    /** Restores the thread's previous cache (or none) when closed. */
    @FunctionalInterface
    public interface Scope extends AutoCloseable {
        @Override
        void close();
    }

    /** The current cache when it holds every one of {@code weights}, else null. */
    private static PackedWeights holding(Tensor... weights) {
        PackedWeights c = CURRENT.get();
        if (c == null) {
            return null;
        }
        for (Tensor w : weights) {
            if (!c.frozen.contains(w)) {
                return null;
            }
        }
        return c;
    }

    /**
     * Rows {@code [from, to)} of {@code weight} ({@code [out, in]}) as the {@code B = Wᵀ} of {@code x Wᵀ}, packed
     * for {@code be}: {@code in x (to - from)}. Null where no cache is current on this thread or {@code weight} is
     * not one of its frozen tensors; the caller then multiplies by the weight itself.
     */
    public static PackedMatrix transposedRows(Backend be, Tensor weight, int from, int to) {
        PackedWeights c = holding(weight);
        if (c == null) {
            return null;
        }
        int in = weight.dim(1);
        return c.packed.computeIfAbsent(new Key(be, List.of(weight), from, to, true),
                k -> be.pack(true, in, to - from, weight.data(), from * in, in));
    }

    /**
     * The weights ({@code [out_i, in]} each, the same {@code in}) stacked by rows, as the {@code B = Wᵀ} of one
     * product for all of them: {@code in x sum(out_i)}; {@code stacked} gives their rows stacked, called only to pack
     * them the first time. Null as for {@link #transposedRows}, or where any of them is not frozen.
     */
    public static PackedMatrix stackedTransposed(Backend be, Tensor[] weights, Supplier<float[]> stacked) {
        PackedWeights c = holding(weights);
        if (c == null) {
            return null;
        }
        int in = weights[0].dim(1);
        return c.packed.computeIfAbsent(new Key(be, List.of(weights), 0, 0, true), k -> {
            float[] rows = stacked.get();
            return be.pack(true, in, rows.length / in, rows, 0, in);
        });
    }

    /** {@code weight} ({@code [k, n]}) as the {@code B} of {@code x W}, packed for {@code be}; null as above. */
    public static PackedMatrix plain(Backend be, Tensor weight) {
        PackedWeights c = holding(weight);
        if (c == null) {
            return null;
        }
        int k = weight.dim(0);
        int n = weight.dim(1);
        return c.packed.computeIfAbsent(new Key(be, List.of(weight), 0, k, false),
                key -> be.pack(false, k, n, weight.data(), 0, n));
    }

    /** How many packed operands this cache holds (for tests and diagnostics). */
    public int size() {
        return packed.size();
    }
}
