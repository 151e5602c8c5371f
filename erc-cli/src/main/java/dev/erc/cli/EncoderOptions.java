package dev.erc.cli;

import dev.erc.api.ErcModel;
import dev.erc.text.BundledEncoder;
import dev.erc.text.ConcatenatedEncoder;
import dev.erc.text.EncoderException;
import dev.erc.text.FeatureCache;
import dev.erc.text.OnnxSentenceEncoder;
import dev.erc.text.Pooling;
import dev.erc.text.UtteranceEncoder;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import picocli.CommandLine.Option;

/** Which utterance encoder turns text into the text modality, and where its vectors are cached. */
final class EncoderOptions {

    @Option(names = "--encoder", paramLabel = "NAME|FILE",
            description = "utterance encoder for text: minilm (all-MiniLM-L6-v2, the default), bge-small "
                    + "(bge-small-en-v1.5), both side by side (minilm+bge-small), or an exported ONNX sentence model "
                    + "FILE.onnx with --tokenizer")
    String encoder;

    @Option(names = "--tokenizer", paramLabel = "FILE", description = "the tokenizer.json of an --encoder FILE.onnx")
    Path tokenizer;

    @Option(names = "--pooling", defaultValue = "mean",
            description = "mean or cls: how an --encoder FILE.onnx's token outputs become one vector (default "
                    + "${DEFAULT-VALUE})")
    String pooling;

    @Option(names = "--max-tokens", defaultValue = "512",
            description = "the window of an --encoder FILE.onnx; longer texts are truncated (default ${DEFAULT-VALUE})")
    int maxTokens;

    @Option(names = "--cache", paramLabel = "DIR",
            description = "feature cache folder (default $ERC_CACHE, else ~/.cache/erc/features)")
    Path cache;

    @Option(names = "--no-cache", description = "encode every text, reading and writing no cache")
    boolean noCache;

    /** The cache to use, or null. */
    FeatureCache cache() {
        return noCache ? null : new FeatureCache(cache != null ? cache : FeatureCache.defaultFolder());
    }

    /** The encoder the options name (the default when none). */
    UtteranceEncoder open() throws EncoderException {
        String name = encoder == null ? BundledEncoder.MINILM.optionName() : encoder;
        if (name.contains("+")) {
            return ConcatenatedEncoder.of(bundled(name.split("\\+")));
        }
        BundledEncoder b = BundledEncoder.byName(name);
        if (b != null) {
            if (tokenizer != null) {
                throw new IllegalArgumentException("--tokenizer goes with --encoder FILE.onnx, not the bundled " + name);
            }
            return b.open();
        }
        if (!name.endsWith(".onnx")) {
            throw new IllegalArgumentException("--encoder must be minilm, bge-small or a FILE.onnx, got " + name);
        }
        if (tokenizer == null) {
            throw new IllegalArgumentException("--encoder " + name + " needs --tokenizer (its tokenizer.json)");
        }
        Pooling p = switch (pooling.toLowerCase(Locale.ROOT)) {
            case "mean" -> Pooling.MEAN;
            case "cls" -> Pooling.CLS;
            default -> throw new IllegalArgumentException("--pooling must be mean or cls, got " + pooling);
        };
        return OnnxSentenceEncoder.open(Path.of(name), tokenizer, p, maxTokens);
    }

    /** The bundled encoders named, opened; any other name is a usage error. */
    private static List<UtteranceEncoder> bundled(String[] names) throws EncoderException {
        List<UtteranceEncoder> out = new ArrayList<>();
        try {
            for (String n : names) {
                BundledEncoder b = BundledEncoder.byName(n.strip());
                if (b == null) {
                    throw new IllegalArgumentException("--encoder A+B joins bundled encoders (minilm, bge-small); "
                            + "got " + n);
                }
                out.add(b.open());
            }
            return out;
        } catch (EncoderException | RuntimeException e) {
            out.forEach(UtteranceEncoder::close);
            throw e;
        }
    }

    /**
     * The encoder for a trained model: the one the options name, else the bundled encoder the model was trained
     * with; refused when it is not the model's.
     */
    UtteranceEncoder openFor(ErcModel model) throws EncoderException {
        String want = model.textEncoder();
        if (encoder == null && want != null) {
            UtteranceEncoder e = BundledEncoder.openFor(want);
            if (e != null) {
                return e;
            }
            throw new EncoderException("the model was trained with the utterance encoder " + want + ", which is not "
                    + "bundled with this version: name its model with --encoder FILE.onnx --tokenizer FILE");
        }
        UtteranceEncoder e = open();
        try {
            dev.erc.text.TextEmotionRecognizer.check(model, e);
        } catch (EncoderException ex) {
            e.close();
            throw ex;
        }
        return e;
    }
}
