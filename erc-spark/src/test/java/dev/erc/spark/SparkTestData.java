package dev.erc.spark;

import dev.erc.api.Dataset;
import dev.erc.api.Dialogue;
import dev.erc.api.LabelSet;
import dev.erc.api.Modality;
import dev.erc.api.Split;
import dev.erc.api.Utterance;
import dev.erc.data.SyntheticDataset;
import dev.erc.model.PmfErc;
import dev.erc.model.Preset;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/** A local[2] session, a small model with the IEMOCAP preset's feature sizes, and utterance tables for it. */
final class SparkTestData {

    static final Map<Modality, Integer> DIMS = Map.of(Modality.TEXT, 100, Modality.AUDIO, 1582, Modality.VISUAL, 342);

    private SparkTestData() {
    }

    static SparkSession session() {
        return SparkSessions.start("local[2]", "erc-spark-test");
    }

    /** Synthetic IEMOCAP-like dialogues: {@code dialogues} train/valid/test counts, 4-30 utterances. */
    static Dataset data(int[] dialogues, long seed) {
        return SyntheticDataset.generate(new SyntheticDataset.Shape("spark-test", LabelSet.IEMOCAP,
                new double[] {1, 1, 2, 1, 1, 2}, 2, 2, 2, dialogues, 12, 4, 30, DIMS), seed);
    }

    /** A model trained for one epoch per stage on a few synthetic dialogues, saved to {@code file}. */
    static PmfErc model(Path file, long seed) throws IOException {
        Dataset d = data(new int[] {8, 2, 2}, 1);
        PmfErc m = PmfErc.builder(Preset.IEMOCAP).config(Preset.IEMOCAP.config().withEpochs(1, 1)).seed(seed).build();
        m.fit(d.split(Split.TRAIN), d.split(Split.VALID));
        m.save(file);
        return PmfErc.load(file);
    }

    /** The schema of {@link #rows}: ids, turns, speaker indices, each modality's features as array of float. */
    static StructType featureSchema() {
        StructType s = new StructType().add(UtteranceColumns.DIALOGUE_ID, DataTypes.StringType)
                .add(UtteranceColumns.TURN, DataTypes.IntegerType).add(UtteranceColumns.SPEAKER, DataTypes.IntegerType);
        for (Modality m : List.of(Modality.TEXT, Modality.AUDIO, Modality.VISUAL)) {
            s = s.add(UtteranceColumns.features(m), DataTypes.createArrayType(DataTypes.FloatType));
        }
        return s;
    }

    /** One row per utterance, speakers as party indices, turns numbered from 10 in steps of 10. */
    static List<Row> rows(List<Dialogue> dialogues) {
        List<Row> rows = new ArrayList<>();
        for (Dialogue d : dialogues) {
            for (int i = 0; i < d.size(); i++) {
                Utterance u = d.utterance(i);
                rows.add(RowFactory.create(d.id(), 10 * (i + 1), u.speaker(),
                        list(u.feature(Modality.TEXT)), list(u.feature(Modality.AUDIO)),
                        list(u.feature(Modality.VISUAL))));
            }
        }
        return rows;
    }

    static List<Float> list(float[] x) {
        List<Float> l = new ArrayList<>(x.length);
        for (float v : x) {
            l.add(v);
        }
        return l;
    }
}
