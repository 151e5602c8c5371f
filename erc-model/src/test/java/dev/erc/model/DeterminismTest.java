package dev.erc.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.erc.api.Dialogue;
import dev.erc.api.Split;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Same seed, same data, same backend: the same bits, whatever the JIT tier, the JVM or the number of threads.
 * Two training runs in separate JVMs write byte-identical model files; a model predicts the same probabilities in an
 * interpreted JVM ({@code -Xint}, one dialogue: it is slow), a C1-only JVM and a warm one; and 8 threads predicting different dialogues at
 * once give exactly the single-threaded results. Before the kernels were made tier-independent, two runs of
 * {@code erc train} differed in 564,852 bytes of their weights and cold predictions in their last bits.
 */
class DeterminismTest {

    private static String child(String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>();
        cmd.add(ProcessHandle.current().info().command().orElse("java"));
        cmd.add("--add-modules=jdk.incubator.vector");
        cmd.add("-Xlog:disable");
        int i = 0;
        while (args[i].startsWith("-")) {
            cmd.add(args[i++]);
        }
        cmd.add("-cp");
        cmd.add(String.join(File.pathSeparator, System.getProperty("java.class.path"), System.getProperty("jdk.module.path", "")));
        cmd.add(DeterminismProbe.class.getName());
        cmd.addAll(List.of(args).subList(i, args.length));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.waitFor(), String.join(" ", cmd) + "\n" + out);
        // the result line only (the JVM may warn about incubator modules)
        return out.lines().filter(l -> l.startsWith("predictions ")).findFirst().orElse(out);
    }

    @Test
    void trainingAndPredictionGiveTheSameBitsInEveryJvmAndTier(@TempDir Path dir) throws Exception {
        Path a = dir.resolve("a.erc");
        Path b = dir.resolve("b.erc");
        child("train", a.toString(), "7");
        child("train", b.toString(), "7");
        assertArrayEquals(Files.readAllBytes(a), Files.readAllBytes(b), "two training runs, two JVMs");

        PmfErc warm = PmfErc.load(a);
        int all = DeterminismProbe.DATA.split(Split.TEST).size();
        for (int i = 0; i < 30; i++) {
            DeterminismProbe.predictionCrc(warm, all);
        }
        String hot = "predictions " + Long.toHexString(DeterminismProbe.predictionCrc(warm, all));
        String hotFirst = "predictions " + Long.toHexString(DeterminismProbe.predictionCrc(warm, 1));
        // the interpreter is slow: one dialogue there (TierIndependenceTest covers every kernel interpreted)
        assertEquals(hotFirst, child("-Xint", "predict", a.toString(), "1"), "interpreted");
        assertEquals(hot, child("-XX:TieredStopAtLevel=1", "predict", a.toString()), "C1 only");
        // and training in this JVM, warm, gives the same model as the cold child JVMs did
        Path c = dir.resolve("c.erc");
        DeterminismProbe.train(7).save(c);
        assertArrayEquals(Files.readAllBytes(a), Files.readAllBytes(c), "a warm JVM trains the same model");
    }

    @Test
    void eightThreadsPredictExactlyAsOne() throws Exception {
        PmfErc m = DeterminismProbe.train(3);
        List<Dialogue> dialogues = new ArrayList<>(DeterminismProbe.DATA.split(Split.TEST));
        dialogues.addAll(DeterminismProbe.DATA.split(Split.VALID));
        List<byte[]> single = new ArrayList<>();
        for (Dialogue d : dialogues) {
            single.add(DeterminismProbe.bits(m.predict(d)));
        }
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<int[]>> results = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                int offset = t;
                results.add(pool.submit(() -> {
                    int checked = 0;
                    for (int r = 0; r < 6; r++) {
                        for (int i = 0; i < dialogues.size(); i++) {
                            int k = (i + offset + r) % dialogues.size();   // threads on different dialogues
                            assertArrayEquals(single.get(k), DeterminismProbe.bits(m.predict(dialogues.get(k))),
                                    "dialogue " + dialogues.get(k).id());
                            checked++;
                        }
                    }
                    return new int[] {checked};
                }));
            }
            int total = 0;
            for (Future<int[]> f : results) {
                total += f.get()[0];
            }
            assertEquals(8 * 6 * dialogues.size(), total);
        } finally {
            pool.shutdownNow();
        }
    }
}
