package dev.erc.compute.backend;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The CPU backend computes the same bits cold and hot: every kernel of {@link TierProbe} in a JVM that only
 * interprets ({@code -Xint}) and in one that compiles each kernel with C2 before the recorded call ({@code -Xbatch},
 * synchronous compilation, 1,500 warm-up calls), at the machine's vector width and at 128 bits. Then, across widths,
 * every kernel but the four that add lanes (sum and dot, softmax, log-softmax, layer norm) gives the same bits at 128
 * bits as at the native width.
 *
 * <p>Caught what it guards: with the kernels as they were before {@code VectorMath} (Vector API {@code EXP}, {@code
 * TANH}, {@code LOG}, {@code ACOS} and {@code reduceLanes(ADD)}), 11 of 22 kernels differed between the two JVMs.
 */
class TierIndependenceTest {

    /** Kernels whose lane sums run in a width-dependent (but fixed) order. */
    private static final Set<String> WIDTH_DEPENDENT = Set.of("axpy sum dot", "softmax rows", "logsoftmax rows",
            "layer norm rows");

    private static Map<String, String> probe(String... jvmOptions) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>();
        cmd.add(ProcessHandle.current().info().command().orElse("java"));
        cmd.add("--add-modules=jdk.incubator.vector");
        cmd.add("-Xlog:disable");
        cmd.addAll(List.of(jvmOptions));
        cmd.add("-cp");
        cmd.add(String.join(File.pathSeparator, System.getProperty("java.class.path"), System.getProperty("jdk.module.path", "")));
        cmd.add(TierProbe.class.getName());
        cmd.add("cpu");
        cmd.add(List.of(jvmOptions).contains("-Xint") ? "0" : "1500");
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.waitFor(), String.join(" ", cmd) + "\n" + out);
        Map<String, String> crcs = new LinkedHashMap<>();
        for (String line : out.split("\n")) {
            String[] f = line.split("\t");
            if (f.length == 2) {
                crcs.put(f[0], f[1]);
            }
        }
        assertEquals(22, crcs.size(), out);
        return crcs;
    }

    @Test
    void interpretedAndC2CompiledKernelsGiveTheSameBitsAtEveryWidth() throws Exception {
        Map<String, String> nativeHot = null;
        for (String bits : new String[] {"", "128"}) {
            String width = bits.isEmpty() ? "-Derc.vector.bits.unset=1" : "-Derc.vector.bits=" + bits;
            Map<String, String> cold = probe("-Xint", width);
            Map<String, String> hot = probe("-Xbatch", width);
            List<String> differ = new ArrayList<>();
            cold.forEach((k, v) -> {
                if (!v.equals(hot.get(k))) {
                    differ.add(k);
                }
            });
            assertTrue(differ.isEmpty(), "interpreted and C2 code differ at " + (bits.isEmpty() ? "the native width"
                    : bits + " bits") + " in " + differ);
            if (nativeHot == null) {
                nativeHot = hot;
            } else {
                for (Map.Entry<String, String> e : hot.entrySet()) {
                    if (!WIDTH_DEPENDENT.contains(e.getKey())) {
                        assertEquals(nativeHot.get(e.getKey()), e.getValue(), e.getKey() + " at 128 bits");
                    }
                }
            }
        }
    }
}
