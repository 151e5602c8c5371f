package dev.erc.bench;

import dev.erc.api.internal.AtomicFiles;
import dev.erc.api.Dataset;
import dev.erc.api.Dialogue;
import dev.erc.api.Modality;
import dev.erc.api.Split;
import dev.erc.compute.autograd.Tensor;
import dev.erc.data.FeatureScaling;
import dev.erc.data.SyntheticDataset;
import dev.erc.model.io.ParameterFile;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Writes a synthetic dataset as a {@link ParameterFile} (big-endian float32 tensors) so that the PyTorch reference
 * trains on exactly the same data: per split, {@code SPLIT.lengths}, {@code SPLIT.speakers}, {@code SPLIT.labels}
 * (as floats) and {@code SPLIT.MODALITY} ({@code [utterances, dim]}), utterances in dialogue order.
 * Usage: {@code ExportDataset SEED FILE [is10|iemocap]}; with {@code is10} the audio gets IS10-like per-dimension
 * scales ({@link FeatureScaling#is10Like}, scale seed 7), with {@code iemocap} every modality gets the scales of the
 * real IEMOCAP feature file ({@link FeatureScaling#iemocapLike}, seed 7), as in {@code bench/standardisation.sh}.
 */
public final class ExportDataset {

    private ExportDataset() {
    }

    public static void main(String[] args) throws IOException {
        Dataset synthetic = SyntheticDataset.iemocap(Long.parseLong(args[0]));
        String scales = args.length > 2 ? args[2] : "";
        Dataset d = scales.equals("is10") ? FeatureScaling.is10Like(synthetic, Modality.AUDIO, 7)
                : scales.equals("iemocap") ? FeatureScaling.iemocapLike(synthetic, 7) : synthetic;
        Map<String, Tensor> out = new LinkedHashMap<>();
        for (Split s : Split.values()) {
            String p = s.name().toLowerCase(Locale.ROOT) + ".";
            int n = d.utteranceCount(s);
            float[] lengths = new float[d.split(s).size()];
            float[] speakers = new float[n];
            float[] labels = new float[n];
            Map<Modality, float[]> feats = new LinkedHashMap<>();
            d.dimensions().forEach((m, dim) -> feats.put(m, new float[n * dim]));
            int k = 0;
            for (int i = 0; i < lengths.length; i++) {
                Dialogue dl = d.split(s).get(i);
                lengths[i] = dl.size();
                for (int t = 0; t < dl.size(); t++, k++) {
                    speakers[k] = dl.utterance(t).speaker();
                    labels[k] = dl.utterance(t).label();
                    for (Map.Entry<Modality, float[]> e : feats.entrySet()) {
                        float[] x = dl.utterance(t).feature(e.getKey());
                        System.arraycopy(x, 0, e.getValue(), k * x.length, x.length);
                    }
                }
            }
            out.put(p + "lengths", Tensor.of(lengths, lengths.length));
            out.put(p + "speakers", Tensor.of(speakers, n));
            out.put(p + "labels", Tensor.of(labels, n));
            feats.forEach((m, v) -> out.put(p + m.name().toLowerCase(Locale.ROOT),
                    Tensor.of(v, n, d.dimensions().get(m))));
        }
        AtomicFiles.write(Path.of(args[1]), ParameterFile.encode(out));
    }
}
