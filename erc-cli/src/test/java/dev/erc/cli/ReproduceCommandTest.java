package dev.erc.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code erc reproduce} on the synthetic default, one epoch per stage: every report file, readable and consistent. */
class ReproduceCommandTest {

    @Test
    void writesEveryReportFile(@TempDir Path dir) throws Exception {
        Path out = dir.resolve("report");
        int code = Erc.execute("reproduce", "--epochs", "1,1", "--quiet", "--out", out.toString());
        assertEquals(0, code);
        JsonNode report = new ObjectMapper().readTree(out.resolve("report.json").toFile());
        assertEquals(1, report.get("table").asInt());
        JsonNode row = report.get("rows").get(0);
        assertEquals("synthetic-IEMOCAP", row.get("dataset").asText());
        double wf1 = row.get("runs").get(0).get("test").get("weightedF1").asDouble();
        assertTrue(wf1 > 0 && wf1 <= 1, "weighted F1 " + wf1);
        assertEquals(wf1, row.get("summary").get("weightedF1").get("mean").asDouble(), 1e-12);
        assertEquals(4, row.get("runs").get(0).get("epochs").size(), "3 pairs x 1 epoch + 1 stage-2 epoch");
        assertEquals(6, row.get("runs").get(0).get("test").get("confusion").size());
        assertEquals("true", row.get("config").get("standardize").asText());
        assertEquals(4, row.get("runs").get(0).get("warnings").size(), "one epoch per stage: each kept its last");
        String md = Files.readString(out.resolve("report.md"));
        assertTrue(md.contains("GraphCFC") && md.contains("this run"), md);
        assertTrue(md.contains("## Warnings\n\n- seed 1: pair VA kept its last epoch (1 of 1"), md);
        for (String png : new String[] {"confusion.png", "curves.png", "tsne.png"}) {
            BufferedImage image = ImageIO.read(out.resolve(png).toFile());
            assertTrue(image != null && image.getWidth() >= 600, png + " is a picture");
        }
    }

    @Test
    void badOptionsAreUsageErrorsAndBadFilesBadData(@TempDir Path dir) throws Exception {
        assertEquals(2, Erc.execute("reproduce", "--table", "9", "--quiet", "--out", dir.toString()));
        assertEquals(2, Erc.execute("reproduce", "--dataset", "friends", "--quiet", "--out", dir.toString()));
        Path bad = dir.resolve("bad.pkl");
        Files.writeString(bad, "garbage");
        assertEquals(Erc.BAD_DATA, Erc.execute("reproduce", "--data", bad.toString(), "--quiet", "--out",
                dir.toString()));
    }
}
