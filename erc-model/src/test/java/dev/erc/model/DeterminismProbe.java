package dev.erc.model;

import dev.erc.api.Dataset;
import dev.erc.api.Dialogue;
import dev.erc.api.LabelSet;
import dev.erc.api.Modality;
import dev.erc.api.Prediction;
import dev.erc.api.Split;
import dev.erc.data.SyntheticDataset;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32C;

/**
 * A small but production-sized training and prediction, as a program for {@link DeterminismTest}'s child JVMs: the
 * IEMOCAP preset's layer sizes (hidden 100, so every vector loop runs) on a small synthetic dataset, 2 + 2 epochs.
 * {@code train FILE SEED} writes the model; {@code predict FILE [N]} prints a CRC of the probability bits of the
 * first N (default all) test dialogues.
 */
public final class DeterminismProbe {

    static final Dataset DATA = SyntheticDataset.generate(new SyntheticDataset.Shape("small", LabelSet.IEMOCAP,
            new double[] {1, 1, 2, 1, 1, 2}, 2, 2, 2, new int[] {16, 4, 4}, 14, 6, 24,
            Map.of(Modality.TEXT, 100, Modality.AUDIO, 150, Modality.VISUAL, 60)), 5);

    private DeterminismProbe() {
    }

    static PmfErc train(long seed) {
        PmfErc m = PmfErc.builder(Preset.IEMOCAP)
                .config(Preset.IEMOCAP.config().withEpochs(2, 2).withLearningRates(1e-3, 1e-3)).seed(seed).build();
        m.fit(DATA.split(Split.TRAIN), DATA.split(Split.VALID));
        return m;
    }

    /** CRC of the bits of every probability of the first {@code n} test dialogues, in order. */
    static long predictionCrc(PmfErc m, int n) {
        CRC32C crc = new CRC32C();
        for (Dialogue d : DATA.split(Split.TEST).subList(0, n)) {
            crc.update(bits(m.predict(d)));
        }
        return crc.getValue();
    }

    static byte[] bits(List<Prediction> ps) {
        java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(ps.size() * ps.get(0).probabilities().length * 4);
        for (Prediction p : ps) {
            for (float v : p.probabilities()) {
                b.putInt(Float.floatToRawIntBits(v));
            }
        }
        return b.array();
    }

    public static void main(String[] args) throws IOException {
        if (args[0].equals("train")) {
            train(Long.parseLong(args[2])).save(Path.of(args[1]));
        } else {
            int n = args.length > 2 ? Integer.parseInt(args[2]) : DATA.split(Split.TEST).size();
            System.out.println("predictions " + Long.toHexString(predictionCrc(PmfErc.load(Path.of(args[1])), n)));
        }
    }
}
