package dev.erc.compute.backend.cuda;

import dev.erc.compute.backend.BinaryOp;
import dev.erc.compute.backend.UnaryOp;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The CUDA C kernel sources, checked without a GPU: their op-code enums match the Java enums (a kernel switch keyed by
 * ordinal would silently run the wrong op otherwise), every kernel {@link DeviceKernels} launches exists, and, where
 * the CUDA toolkit's {@code nvcc} is installed (NVRTC's front end; not in CI), every source compiles for the oldest
 * and newest architectures we support.
 */
class KernelSourceTest {

    @Test
    void theOpCodeEnumsOfTheSourceAreTheJavaEnumsInOrder() {
        String src = KernelLibrary.source("elementwise");
        assertEquals(names(UnaryOp.values()), cEnum(src, "UnaryOp"));
        assertEquals(names(BinaryOp.values()), cEnum(src, "BinaryOp"));
    }

    @Test
    void everyKernelTheJavaSideLaunchesIsDefined() throws IOException {
        String java = Files.readString(Path.of("src/main/java/dev/erc/compute/backend/cuda/DeviceKernels.java"));
        Matcher m = Pattern.compile("kernel\\(\"(erc_\\w+)\"\\)").matcher(java);
        List<String> launched = new ArrayList<>();
        while (m.find()) {
            launched.add(m.group(1));
        }
        assertTrue(launched.size() >= 10, launched.toString());
        String all = String.join("\n", KernelLibrary.SOURCES.stream().map(KernelLibrary::source).toList());
        for (String k : launched) {
            assertTrue(all.contains("extern \"C\" __global__ void " + k + "("), "no kernel " + k + " in the sources");
        }
    }

    @Test
    void everySourceCompilesWithTheCudaToolkit(@TempDir Path tmp) throws Exception {
        Path nvcc = Path.of(System.getenv().getOrDefault("CUDA_HOME", "/usr/local/cuda"), "bin", "nvcc");
        Assumptions.assumeTrue(Files.isExecutable(nvcc), "no CUDA toolkit at " + nvcc
                + " (set CUDA_HOME): kernel sources are compiled on the GPU machine by NVRTC instead");
        for (String name : KernelLibrary.SOURCES) {
            Path src = tmp.resolve(name + ".cu");
            Files.writeString(src, KernelLibrary.source(name));
            for (String arch : List.of("sm_75", "sm_90")) {
                Process p = new ProcessBuilder(nvcc.toString(), "-cubin", "-arch=" + arch, "-Werror", "all-warnings",
                        "-o", tmp.resolve(name + "-" + arch + ".cubin").toString(), src.toString())
                        .redirectErrorStream(true).start();
                String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                assertEquals(0, p.waitFor(), name + ".cu for " + arch + ":\n" + out);
                assertTrue(Files.size(tmp.resolve(name + "-" + arch + ".cubin")) > 0);
            }
        }
    }

    private static List<String> names(Enum<?>[] values) {
        return Arrays.stream(values).map(Enum::name).toList();
    }

    private static List<String> cEnum(String src, String name) {
        Matcher m = Pattern.compile("enum " + name + " \\{([^}]*)\\};").matcher(src);
        assertTrue(m.find(), "no enum " + name);
        return Arrays.stream(m.group(1).split(",")).map(String::trim).toList();
    }
}
