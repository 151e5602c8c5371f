package dev.erc.bench;

import dev.erc.api.Dataset;
import dev.erc.api.Dialogue;
import dev.erc.api.Modality;
import dev.erc.api.Split;
import dev.erc.api.TrainingHistory;
import dev.erc.data.SyntheticDataset;
import dev.erc.model.ModelConfig;
import dev.erc.model.PmfErc;
import dev.erc.model.Preset;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Seconds per training epoch of the Java model on synthetic IEMOCAP with the IEMOCAP preset: stage 1 for one pair
 * (text + audio) and stage 2, the fastest of {@code epochs} epochs each. Writes the training dialogues' lengths to
 * {@code bench/out/lengths.txt} for {@code bench/model_torch.py}, which times the PyTorch reference on the same shapes.
 */
public final class EpochTiming {

    private EpochTiming() {
    }

    public static void main(String[] args) throws IOException {
        int epochs = args.length > 0 ? Integer.parseInt(args[0]) : 2;
        Dataset data = SyntheticDataset.iemocap(2024);
        List<Dialogue> train = data.split(Split.TRAIN);
        Files.createDirectories(Path.of("bench/out"));
        Files.writeString(Path.of("bench/out/lengths.txt"),
                train.stream().map(d -> Integer.toString(d.size())).collect(Collectors.joining(" ")));
        ModelConfig c = Preset.IEMOCAP.config().withModalities(EnumSet.of(Modality.TEXT, Modality.AUDIO))
                .withEpochs(epochs, epochs);
        PmfErc m = PmfErc.builder(Preset.IEMOCAP).config(c).seed(1).build();
        TrainingHistory h = m.fit(train, data.split(Split.VALID));
        // an epoch's time includes its validation pass; PyTorch's is timed without one, so subtract nothing and
        // let Java carry that extra work
        double s1 = h.epochs().stream().filter(e -> e.stage() == 1).mapToDouble(TrainingHistory.Epoch::seconds).min()
                .orElseThrow();
        double s2 = h.epochs().stream().filter(e -> e.stage() == 2).mapToDouble(TrainingHistory.Epoch::seconds).min()
                .orElseThrow();
        System.out.printf("stage1 %.3f%nstage2 %.3f%n", s1, s2);
    }
}
