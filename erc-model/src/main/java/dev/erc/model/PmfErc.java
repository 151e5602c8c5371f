package dev.erc.model;

import dev.erc.api.internal.AtomicFiles;
import dev.erc.api.Dialogue;
import dev.erc.api.ErcModel;
import dev.erc.api.LabelSet;
import dev.erc.api.Modality;
import dev.erc.api.Prediction;
import dev.erc.api.TrainingHistory;
import dev.erc.api.UnwritablePathException;
import dev.erc.api.Utterance;
import dev.erc.compute.autograd.GradMode;
import dev.erc.compute.autograd.Tensor;
import dev.erc.compute.backend.ConcurrentCallers;
import dev.erc.compute.ops.PackedWeights;
import dev.erc.compute.ops.Softmax;
import dev.erc.model.batch.DialogueBatch;
import dev.erc.model.batch.Standardizer;
import dev.erc.model.mal.MultimodalAttention;
import dev.erc.model.mff.MultipleFeaturesFusion;
import dev.erc.model.nn.Module;
import dev.erc.model.optim.Adam;
import dev.erc.model.pmf.PairEncoder;
import dev.erc.model.pmf.PairFeatures;
import dev.erc.model.pmf.PairwiseFusion;
import dev.erc.model.pmf.ProjectedPair;
import dev.erc.model.train.EpochRandom;
import dev.erc.model.train.Convergence;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.function.Consumer;
import dev.erc.model.io.ParameterFile;
import dev.erc.model.io.ParameterFileException;
import dev.erc.model.io.RecordProperties;

/**
 * The PMF-ERC model of "Fusing pairwise modalities for emotion recognition in conversations" (Information Fusion,
 * 2024), trained in the paper's two stages: stage 1 trains one {@link PairwiseFusion} per modality pair (VA, TA, TV)
 * with its own classifier and density loss; stage 2 trains {@link MultipleFeaturesFusion} and
 * {@link MultimodalAttention} on the frozen pair features E(VA), E(TA), E(TV). Each stage keeps the epoch with the
 * best validation weighted F1; the test split is never looked at.
 *
 * <p>Threads: after {@link #fit} or {@link #load}, {@link #predict} and {@link #representations} may be called from any
 * number of threads at once and give exactly the single-threaded results (shared: the weights and the input
 * statistics, only read; per call: every tensor, the autograd mode, which is thread-local, and the GEMM scratch; a
 * call that finds the GEMM worker threads busy runs its products on its own thread, with the same bits).
 * {@link #fit} must not overlap any other call on the same instance. Same seed, data and backend give the same bits
 * in a cold or warm JVM (see {@code docs/MODEL.md}).
 *
 * <p>Unless {@link ModelConfig#standardize()} is off, every input modality is standardised per dimension with the
 * means and standard deviations of the training split ({@link Standardizer}); the statistics are kept with the model
 * (in its file and in checkpoints), so {@link #predict} takes raw features exactly as training saw them.
 *
 * <pre>{@code
 * PmfErc model = PmfErc.builder(Preset.IEMOCAP).seed(1).build();
 * TrainingHistory h = model.fit(data.split(Split.TRAIN), data.split(Split.VALID));
 * List<Prediction> p = model.predict(dialogue);
 * model.save(Path.of("iemocap.erc"));
 * ErcModel again = PmfErc.load(Path.of("iemocap.erc"));
 * }</pre>
 */
public final class PmfErc implements ErcModel {

    private final ModelConfig config;
    private final LabelSet labels;
    private final int speakers;
    private final long seed;
    private final EpochRandom random;
    private final Consumer<TrainingHistory.Epoch> listener;
    private Map<Modality, Integer> dims;
    private Modality textSource;
    private final List<Modality[]> pairs = new ArrayList<>();
    private final List<PairEncoder> encoders = new ArrayList<>();
    private MultipleFeaturesFusion mff;
    private MultimodalAttention mal;
    private Standardizer standardizer = Standardizer.identity();
    /** The trained weights packed for the backend's GEMM once, for every prediction; null while training. */
    private volatile PackedWeights packedWeights;
    private final List<String> notes = new ArrayList<>();
    private final Path checkpoint;
    private final String textEncoder;

    private PmfErc(Builder b) {
        this.config = b.config;
        this.labels = b.labels;
        this.speakers = b.speakers;
        this.seed = b.seed;
        this.random = new EpochRandom(b.seed);
        this.listener = b.listener;
        this.checkpoint = b.checkpoint;
        this.textEncoder = b.textEncoder;
    }

    public static Builder builder(Preset preset) {
        return new Builder(preset);
    }

    /** Settings: the preset's configuration, labels and speaker count, overridable. */
    public static final class Builder {
        private ModelConfig config;
        private LabelSet labels;
        private int speakers;
        private long seed = 1;
        private Consumer<TrainingHistory.Epoch> listener = e -> { };
        private Path checkpoint;
        private String textEncoder;

        private Builder(Preset preset) {
            this.config = preset.config();
            this.labels = preset == Preset.MELD ? LabelSet.MELD : LabelSet.IEMOCAP;
            this.speakers = preset == Preset.MELD ? 9 : 2;
        }

        public Builder config(ModelConfig config) {
            this.config = config;
            return this;
        }

        public Builder labels(LabelSet labels) {
            this.labels = labels;
            return this;
        }

        public Builder speakers(int speakers) {
            this.speakers = speakers;
            return this;
        }

        /** Seeds every random choice: initial weights, batch order, dropout. */
        public Builder seed(long seed) {
            this.seed = seed;
            return this;
        }

        /** Called after every epoch of every stage (progress bars, curves). */
        public Builder onEpoch(Consumer<TrainingHistory.Epoch> listener) {
            this.listener = listener;
            return this;
        }

        /**
         * Writes a checkpoint to {@code file} after every epoch; a later {@link #fit} with the same settings and
         * data resumes from it, losing at most the epoch that was running.
         */
        public Builder checkpoint(Path file) {
            this.checkpoint = file;
            return this;
        }

        /**
         * Records that the text features come from the utterance encoder with this id (e.g.
         * {@code all-minilm-l6-v2-q@01c83fd04139}); stored in the model file, so that text is later encoded the same way.
         */
        public Builder textEncoder(String id) {
            this.textEncoder = id;
            return this;
        }

        public PmfErc build() {
            return new PmfErc(this);
        }
    }

    public ModelConfig config() {
        return config;
    }

    @Override
    public LabelSet labels() {
        return labels;
    }

    /**
     * The input standardisation fitted on the training split (the identity when {@link ModelConfig#standardize()}
     * is off or before {@link #fit}); immutable.
     */
    public Standardizer standardizer() {
        return standardizer;
    }

    @Override
    public String textEncoder() {
        return textEncoder;
    }

    /** Remarks on how the data was used (e.g. the text branch falling back to TEXT features). */
    public List<String> notes() {
        return List.copyOf(notes);
    }

    // ---- construction -----------------------------------------------------------------------------------------

    private void build(Dialogue sample) {
        Map<Modality, Integer> d = new HashMap<>();
        sample.utterance(0).features().forEach((m, v) -> d.put(m, v.length));
        for (Modality m : config.modalities()) {
            if (!d.containsKey(m)) {
                throw new IllegalArgumentException("the configuration uses " + m + " features but dialogue "
                        + sample.id() + " has only " + d.keySet());
            }
        }
        build(d);
    }

    private void build(Map<Modality, Integer> featureDims) {
        dims = new HashMap<>(featureDims);
        pairs.clear();
        encoders.clear();
        notes.clear();
        textSource = dims.containsKey(Modality.ROBERTA) ? Modality.ROBERTA : Modality.TEXT;
        if (textSource == Modality.TEXT && (config.useTextBranch() || config.useHBt())) {
            if (!dims.containsKey(Modality.TEXT)) {
                throw new IllegalArgumentException("the text branch needs ROBERTA or TEXT features; the data has "
                        + dims.keySet());
            }
            notes.add("no RoBERTa features: u(Bt) falls back to the TEXT features");
        }
        EnumSet<Modality> m = EnumSet.copyOf(config.modalities());
        Modality t = Modality.TEXT;
        Modality a = Modality.AUDIO;
        Modality v = Modality.VISUAL;
        if (m.contains(v) && m.contains(a)) {
            pairs.add(new Modality[] {v, a});
        }
        if (m.contains(t) && m.contains(a)) {
            pairs.add(new Modality[] {t, a});
        }
        if (m.contains(t) && m.contains(v)) {
            pairs.add(new Modality[] {t, v});
        }
        if (m.size() == 1) {
            Modality only = m.iterator().next();
            pairs.add(new Modality[] {only, only});
        }
        for (Modality[] p : pairs) {
            int d1 = dims.get(p[0]);
            int d2 = dims.get(p[1]);
            encoders.add(config.usePmf()
                    ? new PairwiseFusion(p[0], d1, p[1], d2, speakers, labels.size(), config, random)
                    : new ProjectedPair(p[0], d1, p[1], d2, 2 * config.gcnHidden(), labels.size(), config.pmfDropout(),
                    random));
        }
        int pairSize = encoders.get(0).outputSize();
        mff = new MultipleFeaturesFusion(pairs.size(), pairSize, dims.getOrDefault(textSource, 1), speakers, config,
                random);
        mal = new MultimodalAttention(mff.fusedSize(), config.gruHidden(), config.textHidden(), labels.size(), config,
                random);
    }

    private List<Modality> batchModalities() {
        List<Modality> ms = new ArrayList<>(config.modalities());
        if ((config.useTextBranch() || config.useHBt()) && !ms.contains(textSource)) {
            ms.add(textSource);
        }
        return ms;
    }

    // ---- training -----------------------------------------------------------------------------------------------

    @Override
    public TrainingHistory fit(List<Dialogue> train, List<Dialogue> valid) {
        if (train.isEmpty() || valid.isEmpty()) {
            throw new IllegalArgumentException("fit needs training and validation dialogues, got " + train.size()
                    + " and " + valid.size());
        }
        if (checkpoint != null) {
            try {
                AtomicFiles.checkWritable(checkpoint);
            } catch (UnwritablePathException e) {
                throw new java.io.UncheckedIOException("checkpoint " + e.getMessage(), e);
            }
        }
        packedWeights = null;
        build(train.get(0));
        for (Dialogue d : concat(train, valid)) {
            checkInput(d);
        }
        standardizer = config.standardize() ? Standardizer.fit(train, batchModalities()) : Standardizer.identity();
        train = standardizer.apply(train);
        valid = standardizer.apply(valid);
        TrainingCheckpoint.Loaded resume = resume();
        List<TrainingHistory.Epoch> epochs = resume == null ? new ArrayList<>()
                : new ArrayList<>(resume.progress().history());
        StringBuilder selected = new StringBuilder(resume == null ? "" : resume.progress().selected());
        StageTrainer trainer = new StageTrainer(random, config.batchSize(), labels.size(), config.useDensity(),
                batchModalities(), listener, this::writeCheckpoint);
        for (int p = 0; p < encoders.size(); p++) {
            if (TrainingCheckpoint.done(resume, 1, p)) {
                continue;
            }
            PairEncoder enc = encoders.get(p);
            String best = trainer.run(1, p, (Module) enc, config.pmfLearningRate(), config.pmfL2(), config.pmfEpochs(),
                    train, valid, batch -> {
                        Tensor e = enc.fuse(batch);
                        return new Tensor[] {enc.logits(e), e};
                    }, config.pmfDensity(), epochs, TrainingCheckpoint.inProgress(resume, 1, p), selected, "pair " + pairName(p));
            selected.append("pair ").append(pairName(p)).append(": ").append(best).append("; ");
        }
        if (!TrainingCheckpoint.done(resume, 2, 0)) {
            PairFeatures cache = pairFeatures(concat(train, valid));
            String best = trainer.run(2, 0, new Stage2(mff, mal), config.mffLearningRate(), config.malL2(),
                    config.mffEpochs(), train, valid, batch -> {
                        Tensor mm = representation(batch, cache);
                        return new Tensor[] {mal.logits(mm), mm};
                    }, config.malDensity(), epochs, TrainingCheckpoint.inProgress(resume, 2, 0), selected, "stage 2");
            selected.append("stage 2: ").append(best);
        }
        whole().train(false);
        packedWeights = PackedWeights.of(whole().parameters());
        List<String> runs = new ArrayList<>();
        for (int p = 0; p < pairs.size(); p++) {
            runs.add("pair " + pairName(p));
        }
        return new TrainingHistory(epochs, selected.toString(), Convergence.warnings(epochs, runs, "stage 2"));
    }

    /**
     * The checkpoint to continue from, after checking that it belongs to this model and data; one that does not, or
     * cannot be read, fails as an {@link java.io.UncheckedIOException} around a {@link ParameterFileException} naming
     * the file.
     */
    private TrainingCheckpoint.Loaded resume() {
        if (checkpoint == null || !java.nio.file.Files.exists(checkpoint)) {
            return null;
        }
        try {
            TrainingCheckpoint.Loaded r = TrainingCheckpoint.read(checkpoint);
            if (!settings().equals(r.settings())
                    || !standardizer.sameAs(Standardizer.fromTensors(r.inputStatistics(), checkpoint.toString()))) {
                throw new ParameterFileException(checkpoint + ": written for other settings or data; delete it or "
                        + "choose another checkpoint file");
            }
            ParameterFile.assign(whole(), r.weights(), checkpoint);
            return r;
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private void writeCheckpoint(TrainingCheckpoint.Progress p, Map<String, float[]> best, Adam opt) {
        if (checkpoint == null) {
            return;
        }
        try {
            TrainingCheckpoint.write(checkpoint, settings(), standardizer.toTensors(), whole().namedParameters(), best,
                    opt == null ? null : opt.exportState(), p);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException("cannot write checkpoint " + checkpoint, e);
        }
    }

    private String pairName(int p) {
        return pairs.get(p)[0].name().charAt(0) + "" + pairs.get(p)[1].name().charAt(0);
    }

    /** The parameters of stage 2, as one module for the optimiser and snapshots. */
    private static final class Stage2 extends Module {
        Stage2(MultipleFeaturesFusion mff, MultimodalAttention mal) {
            child("mff", mff);
            child("mal", mal);
        }
    }

    private static List<Dialogue> concat(List<Dialogue> a, List<Dialogue> b) {
        List<Dialogue> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }

    // ---- stage-2 inputs -------------------------------------------------------------------------------------------

    private PairFeatures pairFeatures(List<Dialogue> dialogues) {
        return new PairFeatures(encoders, dialogues, batchModalities(), config.batchSize());
    }

    /** E(MM) for a batch whose pair features come from {@code features}. */
    private Tensor representation(DialogueBatch batch, PairFeatures features) {
        Tensor text = config.useTextBranch() || config.useHBt() ? batch.features(textSource) : null;
        MultipleFeaturesFusion.Output o = mff.forward(features.of(batch), text, batch);
        return mal.represent(o.fused(), o.hVa(), o.hBt(), batch.padding());
    }

    // ---- inference ----------------------------------------------------------------------------------------------

    /** The predictions in flight in this JVM, whatever the model: they decide how many threads each computes on. */
    private static final ConcurrentCallers PREDICTING = new ConcurrentCallers();

    /** The packed final weights; refuses a model never trained, or whose fit is running or failed. */
    private PackedWeights trainedWeights() {
        PackedWeights w = packedWeights;
        if (w == null) {
            throw new IllegalStateException("the model is not trained: call fit or load");
        }
        return w;
    }

    /** Refuses, naming the dialogue and utterance, input the trained model cannot read. */
    private void checkInput(Dialogue dialogue) {
        for (int i = 0; i < dialogue.size(); i++) {
            Utterance u = dialogue.utterance(i);
            if (u.speaker() >= speakers) {
                throw new IllegalArgumentException("dialogue " + dialogue.id() + ", utterance " + i + ": speaker "
                        + u.speaker() + ", the model knows " + speakers);
            }
            for (Modality m : batchModalities()) {
                float[] x = u.feature(m);
                if (x == null || x.length != dims.get(m)) {
                    throw new IllegalArgumentException("dialogue " + dialogue.id() + ", utterance " + i + ": "
                            + m.name().toLowerCase(java.util.Locale.ROOT) + " features "
                            + (x == null ? "missing" : "of dimension " + x.length) + ", the model needs "
                            + dims.get(m));
                }
                for (int j = 0; j < x.length; j++) {
                    if (!Float.isFinite(x[j])) {
                        throw new IllegalArgumentException("dialogue " + dialogue.id() + ", utterance " + i + ": "
                                + m.name().toLowerCase(java.util.Locale.ROOT) + " feature " + j + " is " + x[j]
                                + "; features must be finite");
                    }
                }
            }
        }
    }

    /**
     * The final utterance representations E(MM) (eq. 14's input to the classifier) of a dialogue, one vector per
     * utterance: what the paper's t-SNE figure (Fig. 4) plots.
     */
    public List<float[]> representations(Dialogue raw) {
        PackedWeights weights = trainedWeights();
        checkInput(raw);
        Dialogue dialogue = standardizer.apply(raw);
        List<float[]> out = new ArrayList<>();
        try (var packed = weights.use(); var scope = GradMode.noGrad()) {
            PairFeatures cache = pairFeatures(List.of(dialogue));
            Tensor mm = representation(DialogueBatch.of(List.of(dialogue), batchModalities()), cache);
            int d = mm.dim(-1);
            for (int t = 0; t < dialogue.size(); t++) {
                out.add(java.util.Arrays.copyOfRange(mm.data(), t * d, (t + 1) * d));
            }
        }
        return out;
    }

    @Override
    public List<Prediction> predict(Dialogue raw) {
        PackedWeights weights = trainedWeights();
        checkInput(raw);
        Dialogue dialogue = standardizer.apply(raw);
        List<Prediction> out = new ArrayList<>();
        try (var callers = PREDICTING.enter(); var packed = weights.use(); var scope = GradMode.noGrad()) {
            PairFeatures cache = pairFeatures(List.of(dialogue));
            DialogueBatch batch = DialogueBatch.of(List.of(dialogue), batchModalities());
            Tensor probs = Softmax.softmax(mal.logits(representation(batch, cache)), -1);
            int c = labels.size();
            for (int t = 0; t < dialogue.size(); t++) {
                float[] p = java.util.Arrays.copyOfRange(probs.data(), t * c, (t + 1) * c);
                int best = StageTrainer.argmax(p, 0, c);
                out.add(new Prediction(best, labels.name(best), p));
            }
        }
        return out;
    }

    /** Every trained parameter: the pair encoders, MFF and MAL, under stable names. */
    private Module whole() {
        return new Whole(encoders, mff, mal);
    }

    private static final class Whole extends Module {
        Whole(List<PairEncoder> encoders, MultipleFeaturesFusion mff, MultimodalAttention mal) {
            for (int i = 0; i < encoders.size(); i++) {
                child("pair" + i, (Module) encoders.get(i));
            }
            child("mff", mff);
            child("mal", mal);
        }
    }

    /**
     * Writes the model as one file (settings and weights, see {@link ModelFile}), atomically.
     */
    @Override
    public void save(Path path) throws IOException {
        if (mal == null) {
            throw new IllegalStateException("the model is not trained: nothing to save");
        }
        ModelFile.write(path, settings(), standardizer.toTensors(), whole().namedParameters());
    }

    /**
     * The bytes {@link #save} writes, in memory: to ship the model (to Spark executors, as a task's result) without a
     * file; {@link #load(byte[], String)} reads them.
     */
    public byte[] toBytes() throws IOException {
        if (mal == null) {
            throw new IllegalStateException("the model is not trained: nothing to save");
        }
        return ModelFile.encode(settings(), standardizer.toTensors(), whole().namedParameters());
    }

    /**
     * Reads a model from the bytes of a model file ({@link #toBytes}, or a file's content); {@code name} stands for
     * the file in error messages.
     */
    public static PmfErc load(byte[] file, String name) throws IOException {
        return load(Path.of(name), ModelFile.read(Path.of(name), file));
    }

    /** Reads a model written by {@link #save}; a damaged or foreign file fails naming the file and the problem. */
    public static PmfErc load(Path path) throws IOException {
        return load(path, ModelFile.read(path));
    }

    private static PmfErc load(Path path, ModelFile.Contents c) throws IOException {
        Properties p = c.settings();
        // files written before input standardisation existed were trained on features as given
        p.putIfAbsent("config.standardize", "false");
        ModelConfig config = RecordProperties.read(ModelConfig.class, "config.", p, path.toString());
        Map<Modality, Integer> dims = new HashMap<>();
        PmfErc model;
        try {
            for (Modality m : Modality.values()) {
                String d = p.getProperty("dim." + m.name());
                if (d != null) {
                    dims.put(m, Integer.parseInt(d));
                }
            }
            model = new Builder(Preset.IEMOCAP).config(config)
                    .labels(new LabelSet(List.of(required(p, "labels", path).split(","))))
                    .speakers(Integer.parseInt(required(p, "speakers", path)))
                    .seed(Long.parseLong(required(p, "seed", path))).textEncoder(p.getProperty("text.encoder"))
                    .build();
            model.build(dims);
        } catch (RuntimeException e) {
            throw new ParameterFileException(path + ": damaged model settings (" + e.getMessage() + ")", e);
        }
        model.standardizer = Standardizer.fromTensors(c.inputStatistics(), path.toString());
        if (config.standardize() != !model.standardizer.isIdentity()) {
            throw new ParameterFileException(path + ": the settings say standardize=" + config.standardize()
                    + " but the file holds statistics for " + model.standardizer.modalities());
        }
        ParameterFile.assign(model.whole(), c.weights(), path);
        model.whole().train(false);
        model.packedWeights = PackedWeights.of(model.whole().parameters());
        return model;
    }

    private static String required(Properties p, String key, Path path) throws ParameterFileException {
        String v = p.getProperty(key);
        if (v == null) {
            throw new ParameterFileException(path + ": missing setting '" + key + "'");
        }
        return v;
    }

    /** Everything that defines the model besides its weights. */
    private Properties settings() {
        Properties p = new Properties();
        p.setProperty("format", ModelFile.FORMAT);
        p.setProperty("labels", String.join(",", labels.names()));
        p.setProperty("speakers", Integer.toString(speakers));
        p.setProperty("seed", Long.toString(seed));
        dims.forEach((m, d) -> p.setProperty("dim." + m.name(), Integer.toString(d)));
        RecordProperties.write(config, "config.", p);
        if (textEncoder != null) {
            p.setProperty("text.encoder", textEncoder);
        }
        return p;
    }

}
