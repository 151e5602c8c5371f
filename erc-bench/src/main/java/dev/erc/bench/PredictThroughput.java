package dev.erc.bench;

import dev.erc.api.Dataset;
import dev.erc.api.Dialogue;
import dev.erc.api.Split;
import dev.erc.data.SyntheticDataset;
import dev.erc.model.PmfErc;
import dev.erc.model.Preset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Dialogues (and utterances) predicted per second by one loaded IEMOCAP-preset model from 1, 2 and 8 threads at
 * once, each thread cycling over the 31 test dialogues of synthetic IEMOCAP (mean length about 49) from its own
 * offset. The model is trained briefly first (1 + 1 epochs: speed does not depend on the weights). Usage:
 * {@code java ... dev.erc.bench.PredictThroughput [SECONDS_PER_COUNT]}.
 */
public final class PredictThroughput {

    private PredictThroughput() {
    }

    public static void main(String[] args) throws Exception {
        double seconds = args.length > 0 ? Double.parseDouble(args[0]) : 10;
        Dataset data = SyntheticDataset.iemocap(2024);
        PmfErc model = PmfErc.builder(Preset.IEMOCAP).config(Preset.IEMOCAP.config().withEpochs(1, 1)).seed(1).build();
        model.fit(data.split(Split.TRAIN), data.split(Split.VALID));
        List<Dialogue> test = data.split(Split.TEST);
        for (Dialogue d : test) {
            model.predict(d);   // warm-up
        }
        System.out.println("| threads | dialogues/s | utterances/s | per thread (dialogues/s) |");
        System.out.println("|---:|---:|---:|---:|");
        for (int threads : new int[] {1, 2, 8}) {
            AtomicLong dialogues = new AtomicLong();
            AtomicLong utterances = new AtomicLong();
            long end = System.nanoTime() + (long) (seconds * 1e9);
            List<Thread> ts = new ArrayList<>();
            long start = System.nanoTime();
            for (int t = 0; t < threads; t++) {
                int offset = t * 7;
                ts.add(Thread.ofPlatform().start(() -> {
                    for (int i = offset; System.nanoTime() < end; i++) {
                        Dialogue d = test.get(i % test.size());
                        model.predict(d);
                        dialogues.incrementAndGet();
                        utterances.addAndGet(d.size());
                    }
                }));
            }
            for (Thread t : ts) {
                t.join();
            }
            double s = (System.nanoTime() - start) / 1e9;
            System.out.printf(Locale.ROOT, "| %d | %.1f | %.0f | %.1f |%n", threads, dialogues.get() / s,
                    utterances.get() / s, dialogues.get() / s / threads);
        }
    }
}
