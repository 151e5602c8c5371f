package dev.erc.spark;

import dev.erc.model.PmfErc;
import dev.erc.text.BundledEncoder;
import dev.erc.text.EncoderException;
import dev.erc.text.UtteranceEncoder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.spark.broadcast.Broadcast;

/**
 * The models and utterance encoders of one executor JVM: each loaded once, by the first task that needs it, and
 * shared by all the tasks the executor runs at once (both are thread-safe). They live as long as the executor.
 */
final class ExecutorModels {

    private static final ConcurrentHashMap<String, PmfErc> MODELS = new ConcurrentHashMap<>();
    private static final ConcurrentHashMap<String, UtteranceEncoder> ENCODERS = new ConcurrentHashMap<>();

    private ExecutorModels() {
    }

    /**
     * The model whose file's bytes are {@code file} (broadcast by the driver) under {@code name} (from its content's
     * hash, so one name is one model), loaded the first time a task asks.
     */
    static PmfErc model(String name, Broadcast<byte[]> file) {
        return MODELS.computeIfAbsent(name, n -> {
            try {
                return PmfErc.load(file.value(), n);
            } catch (IOException e) {
                throw new UncheckedIOException("loading the model " + n + " on this executor: " + e.getMessage(), e);
            }
        });
    }

    /** The bundled utterance encoder the model was trained with. */
    static UtteranceEncoder encoder(String encoderId) {
        return ENCODERS.computeIfAbsent(encoderId, id -> {
            try {
                UtteranceEncoder e = BundledEncoder.openFor(id);
                if (e == null) {
                    throw new IllegalStateException("the model's utterance encoder " + id + " is not bundled with "
                            + "this version");
                }
                return e;
            } catch (EncoderException e) {
                throw new IllegalStateException("cannot open the utterance encoder " + id + ": " + e.getMessage(), e);
            }
        });
    }
}
