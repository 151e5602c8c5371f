package dev.erc.text;

import dev.erc.api.Dataset;
import dev.erc.api.Dialogue;
import dev.erc.api.Modality;
import dev.erc.api.Split;
import dev.erc.api.Utterance;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Fills the {@link Modality#TEXT} features of utterances from their transcripts with an {@link UtteranceEncoder}:
 * each distinct text once, cached vectors read from a {@link FeatureCache}, the rest encoded on several threads.
 *
 * <pre>{@code
 * try (UtteranceEncoder enc = BundledEncoder.MINILM.open()) {
 *     TextFeatures.Result r = TextFeatures.of(enc).cache(new FeatureCache(FeatureCache.defaultFolder()))
 *             .encode(dataset);
 *     Dataset withText = r.dataset();         // every utterance has a 384-d TEXT vector
 * }
 * }</pre>
 */
public final class TextFeatures {

    /**
     * What an encoding run did.
     *
     * @param encoderId the encoder's id
     * @param utterances utterances given a vector
     * @param distinct distinct texts among them
     * @param fromCache distinct texts read from the cache
     * @param encoded distinct texts encoded by the model
     * @param truncated distinct texts longer than the model's window, cut to it
     * @param damagedCacheEntries cache entries found damaged (and encoded again)
     * @param seconds wall time
     */
    public record Report(String encoderId, int utterances, int distinct, int fromCache, int encoded, int truncated,
                         int damagedCacheEntries, double seconds) {
    }

    /**
     * Text vectors and the report of the run.
     *
     * @param dataset the dataset with text features ({@link #encode(Dataset)}), or null ({@link #encode(List)})
     * @param dialogues the dialogues with text features (all splits in order for a dataset)
     */
    public record Result(Dataset dataset, List<Dialogue> dialogues, Report report) {
    }

    private final UtteranceEncoder encoder;
    private FeatureCache cache;
    private int threads = Runtime.getRuntime().availableProcessors();
    private Listener progress = (done, total) -> { };

    private TextFeatures(UtteranceEncoder encoder) {
        this.encoder = encoder;
    }

    /** Encodes with {@code encoder}, without a cache, on all cores. */
    public static TextFeatures of(UtteranceEncoder encoder) {
        return new TextFeatures(encoder);
    }

    /** Reads and writes vectors in {@code cache} (null: none). */
    public TextFeatures cache(FeatureCache c) {
        this.cache = c;
        return this;
    }

    /** Encodes on {@code n} threads (default: the available processors). */
    public TextFeatures threads(int n) {
        if (n < 1) {
            throw new IllegalArgumentException("threads must be >= 1, got " + n);
        }
        this.threads = n;
        return this;
    }

    /** Told how an encoding run advances. */
    @FunctionalInterface
    public interface Listener {
        /** {@code done} of {@code total} distinct texts have a vector; called from any thread. */
        void update(int done, int total);
    }

    /** Told how many distinct texts are done so far (cached ones first, all at once), as the run goes. */
    public TextFeatures progress(Listener listener) {
        this.progress = listener;
        return this;
    }

    /** The dataset with every utterance's text vector as its {@link Modality#TEXT} features. */
    public Result encode(Dataset d) throws IOException {
        List<Dialogue> all = new ArrayList<>();
        for (Split s : Split.values()) {
            all.addAll(d.split(s));
        }
        Encoded e = encodeTexts(all);
        Map<Split, List<Dialogue>> splits = new EnumMap<>(Split.class);
        List<Dialogue> encoded = new ArrayList<>();
        for (Split s : Split.values()) {
            List<Dialogue> withText = attach(d.split(s), e.vectors);
            splits.put(s, withText);
            encoded.addAll(withText);
        }
        Map<Modality, Integer> dims = new EnumMap<>(Modality.class);
        dims.putAll(d.dimensions());
        dims.put(Modality.TEXT, encoder.dimension());
        Dataset out = new Dataset(d.name(), d.labels(), d.speakers(), dims, splits,
                d.source() + "; text: " + encoder.id());
        return new Result(out, encoded, e.report);
    }

    /** The dialogues with every utterance's text vector as its {@link Modality#TEXT} features. */
    public Result encode(List<Dialogue> dialogues) throws IOException {
        Encoded e = encodeTexts(dialogues);
        return new Result(null, attach(dialogues, e.vectors), e.report);
    }

    private record Encoded(Map<String, EncodedText> vectors, Report report) {
    }

    private Encoded encodeTexts(List<Dialogue> dialogues) throws IOException {
        long start = System.nanoTime();
        LinkedHashSet<String> distinct = new LinkedHashSet<>();
        int utterances = 0;
        for (Dialogue d : dialogues) {
            for (int i = 0; i < d.size(); i++) {
                String text = d.utterance(i).text();
                if (text == null) {
                    throw new EncoderException("dialogue " + d.id() + ", utterance " + (i + 1) + " has no text to "
                            + "encode");
                }
                distinct.add(text);
                utterances++;
            }
        }
        int damagedBefore = cache == null ? 0 : cache.damaged();
        Map<String, EncodedText> vectors = new LinkedHashMap<>();
        List<String> todo = new ArrayList<>();
        for (String t : distinct) {
            EncodedText hit = cache == null ? null : cache.get(encoder.id(), t);
            if (hit != null && hit.vector().length == encoder.dimension()) {
                vectors.put(t, hit);
            } else {
                todo.add(t);
            }
        }
        int fromCache = vectors.size();
        AtomicInteger done = new AtomicInteger(fromCache);
        int total = distinct.size();
        progress.update(fromCache, total);
        List<EncodedText> fresh = run(todo, done, total);
        for (int i = 0; i < todo.size(); i++) {
            vectors.put(todo.get(i), fresh.get(i));
        }
        int truncated = 0;
        for (EncodedText e : vectors.values()) {
            truncated += e.truncated() ? 1 : 0;
        }
        int damaged = cache == null ? 0 : cache.damaged() - damagedBefore;
        return new Encoded(vectors, new Report(encoder.id(), utterances, distinct.size(), fromCache, todo.size(),
                truncated, damaged, (System.nanoTime() - start) / 1e9));
    }

    private List<EncodedText> run(List<String> texts, AtomicInteger done, int total) throws IOException {
        if (texts.isEmpty()) {
            return List.of();
        }
        if (threads == 1 || texts.size() == 1) {
            // in the caller's thread: a request thread predicting one conversation starts no pool
            List<EncodedText> out = new ArrayList<>(texts.size());
            for (String text : texts) {
                out.add(encodeOne(text));
                progress.update(done.incrementAndGet(), total);
            }
            return out;
        }
        ExecutorService pool = Executors.newFixedThreadPool(Math.min(threads, texts.size()), r -> {
            Thread t = new Thread(r, "erc-encoder");
            t.setDaemon(true);
            return t;
        });
        try {
            // one task per thread, each taking the next text
            AtomicInteger next = new AtomicInteger();
            EncodedText[] out = new EncodedText[texts.size()];
            List<Future<?>> tasks = new ArrayList<>();
            for (int w = 0; w < Math.min(threads, texts.size()); w++) {
                tasks.add(pool.submit(() -> {
                    for (int i = next.getAndIncrement(); i < texts.size(); i = next.getAndIncrement()) {
                        out[i] = encodeOne(texts.get(i));
                        progress.update(done.incrementAndGet(), total);
                    }
                    return null;
                }));
            }
            for (Future<?> f : tasks) {
                f.get();
            }
            return List.of(out);
        } catch (ExecutionException e) {
            Throwable c = e.getCause();
            if (c instanceof IOException io) {
                throw io;
            }
            if (c instanceof UncheckedIOException u) {
                throw u.getCause();
            }
            throw new IllegalStateException("encoding failed", c);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new EncoderException("interrupted while encoding");
        } finally {
            pool.shutdownNow();
        }
    }

    private EncodedText encodeOne(String text) throws IOException {
        EncodedText e = encoder.encode(text);
        if (cache != null) {
            cache.put(encoder.id(), text, e);
        }
        return e;
    }

    private static List<Dialogue> attach(List<Dialogue> dialogues, Map<String, EncodedText> vectors) {
        List<Dialogue> out = new ArrayList<>(dialogues.size());
        for (Dialogue d : dialogues) {
            List<Utterance> us = new ArrayList<>(d.size());
            for (Utterance u : d.utterances()) {
                Map<Modality, float[]> f = new EnumMap<>(Modality.class);
                f.putAll(u.features());
                f.put(Modality.TEXT, vectors.get(u.text()).vector());
                us.add(new Utterance(u.speaker(), u.label(), f, u.text()));
            }
            out.add(new Dialogue(d.id(), us));
        }
        return out;
    }
}
