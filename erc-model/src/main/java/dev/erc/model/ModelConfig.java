package dev.erc.model;

import dev.erc.api.Modality;
import java.util.EnumSet;
import java.util.Set;

/**
 * Every hyperparameter and ablation switch of the PMF-ERC model. The paper's values come from {@link Preset};
 * the choices it leaves open are documented in {@code docs/MODEL.md} with their source.
 *
 * @param modalities the feature modalities used (subset of TEXT, AUDIO, VISUAL; Table 3's unimodal and bimodal rows)
 * @param lstmHidden PMF's BiLSTM hidden size per direction (eq. 1)
 * @param gcnHidden width of the PMF and MFF graph convolutions
 * @param window intra-modal edges join utterances at most this far apart (eq. 3); -1 joins the whole dialogue
 * @param gamma weight of inter-modal edges (eq. 4)
 * @param pmfDropout PMF dropout (§4.2)
 * @param pmfLearningRate PMF learning rate (§4.2)
 * @param pmfDensity λp1, weight of the density loss ‖E(m1m2)‖₁ (eqs. 6-7)
 * @param pmfL2 λp2, weight of ‖θp‖² (eq. 7)
 * @param pmfEpochs stage-1 epochs per pair
 * @param gruHidden GRU1 hidden size (eq. 8)
 * @param textHidden GRU2 hidden size and Transformer width (eq. 11)
 * @param heads Transformer encoder heads (§4.2)
 * @param transformerLayers Transformer encoder layers (§4.2)
 * @param attentionLayers number l of stacked attention layers in MAL (eq. 13)
 * @param attentionHeads heads of each MAL attention layer
 * @param attentionDim width each MAL attention layer projects to
 * @param fcHidden hidden width of the final fully connected layers
 * @param mffDropout MFF/MAL dropout (§4.2)
 * @param mffLearningRate MFF/MAL learning rate (§4.2)
 * @param malDensity λm1, weight of ‖E(MM)‖₁ (eqs. 14-15)
 * @param malL2 λm2, weight of ‖θm‖² (eq. 15)
 * @param mffEpochs stage-2 epochs
 * @param batchSize dialogues per mini-batch
 * @param usePmf false: pair features are a linear projection of the two modalities (Table 2, "w/o PMF")
 * @param useDensity false: no density losses (Table 2)
 * @param useMal false: E(MF) goes straight to the classifier (Table 2, "w/o MAL")
 * @param useSpeaker false: no speaker embeddings in the graph nodes (Table 4, s_t)
 * @param useGcn false: MFF skips GCN_f, E(VAT) is the speaker-aware GRU1 outputs concatenated (Table 4, GCN)
 * @param useTextBranch false: no E(Bt) (Table 4)
 * @param useHBt false: no skip connection of h(Bt) into E(MM) (Tables 4-5)
 * @param useHVa false: no skip connection of h(VA) into the attention layers (Table 5)
 * @param standardize true: every input modality is standardised per dimension with statistics of the training split
 *        (see {@link dev.erc.model.batch.Standardizer}); false: features are used as given (already normalised)
 */
public record ModelConfig(String dataset, Set<Modality> modalities, int lstmHidden, int gcnHidden, int window,
                          float gamma, float pmfDropout, double pmfLearningRate, double pmfDensity, double pmfL2,
                          int pmfEpochs, int gruHidden, int textHidden, int heads, int transformerLayers,
                          int attentionLayers, int attentionHeads, int attentionDim, int fcHidden, float mffDropout,
                          double mffLearningRate, double malDensity, double malL2, int mffEpochs, int batchSize,
                          boolean usePmf, boolean useDensity, boolean useMal, boolean useSpeaker, boolean useGcn,
                          boolean useTextBranch, boolean useHBt, boolean useHVa, boolean standardize)
        implements java.io.Serializable {

    public ModelConfig {
        modalities = Set.copyOf(EnumSet.copyOf(modalities));
        if (modalities.isEmpty() || modalities.contains(Modality.ROBERTA)) {
            throw new IllegalArgumentException("modalities must be a non-empty subset of TEXT, AUDIO, VISUAL (RoBERTa "
                    + "features feed the text branch), got " + modalities);
        }
        if (batchSize <= 0 || pmfEpochs < 0 || mffEpochs <= 0 || attentionLayers <= 0) {
            throw new IllegalArgumentException("invalid sizes: batch " + batchSize + ", epochs " + pmfEpochs + "/"
                    + mffEpochs + ", attention layers " + attentionLayers);
        }
    }

    /** A copy with other modalities. */
    public ModelConfig withModalities(Set<Modality> m) {
        return new ModelConfig(dataset, m, lstmHidden, gcnHidden, window, gamma, pmfDropout, pmfLearningRate,
                pmfDensity, pmfL2, pmfEpochs, gruHidden, textHidden, heads, transformerLayers, attentionLayers,
                attentionHeads, attentionDim, fcHidden, mffDropout, mffLearningRate, malDensity, malL2, mffEpochs,
                batchSize, usePmf, useDensity, useMal, useSpeaker, useGcn, useTextBranch, useHBt, useHVa, standardize);
    }

    /**
     * This configuration restricted to the modalities a dataset has ({@code Dataset.dimensions().keySet()}; RoBERTa,
     * which feeds the text branch, aside): unchanged when it has them all; Table 3's unimodal row (no PMF) when one is
     * left, e.g. text-only data gives its "PMF x, T" row; the bimodal rows otherwise.
     *
     * @throws IllegalArgumentException when the data has none of this configuration's modalities
     */
    public ModelConfig forData(Set<Modality> present) {
        EnumSet<Modality> usable = EnumSet.noneOf(Modality.class);
        for (Modality m : present) {
            if (m != Modality.ROBERTA && modalities.contains(m)) {
                usable.add(m);
            }
        }
        if (usable.isEmpty()) {
            throw new IllegalArgumentException("the data has none of the modalities " + modalities + " (it has "
                    + present + ")");
        }
        if (usable.equals(modalities)) {
            return this;
        }
        return usable.size() == 1 ? unimodal(usable.iterator().next()) : withModalities(usable);
    }

    /** Table 3's unimodal row on {@code m}: no pairwise fusion or density loss. */
    public ModelConfig unimodal(Modality m) {
        return withModalities(EnumSet.of(m)).withAblation(false, true, true, true, true, true, true, true);
    }

    /** A copy with other epoch counts (e.g. short runs). */
    public ModelConfig withEpochs(int pmf, int mff) {
        return new ModelConfig(dataset, modalities, lstmHidden, gcnHidden, window, gamma, pmfDropout, pmfLearningRate,
                pmfDensity, pmfL2, pmf, gruHidden, textHidden, heads, transformerLayers, attentionLayers,
                attentionHeads, attentionDim, fcHidden, mffDropout, mffLearningRate, malDensity, malL2, mff,
                batchSize, usePmf, useDensity, useMal, useSpeaker, useGcn, useTextBranch, useHBt, useHVa, standardize);
    }

    /** A copy with other learning rates for stage 1 (PMF) and stage 2 (MFF and MAL). */
    public ModelConfig withLearningRates(double pmf, double mff) {
        return new ModelConfig(dataset, modalities, lstmHidden, gcnHidden, window, gamma, pmfDropout, pmf, pmfDensity,
                pmfL2, pmfEpochs, gruHidden, textHidden, heads, transformerLayers, attentionLayers, attentionHeads,
                attentionDim, fcHidden, mffDropout, mff, malDensity, malL2, mffEpochs, batchSize, usePmf, useDensity,
                useMal, useSpeaker, useGcn, useTextBranch, useHBt, useHVa, standardize);
    }

    /** A copy that standardises the input features (true, the default) or uses them as given (false). */
    public ModelConfig withStandardization(boolean on) {
        return new ModelConfig(dataset, modalities, lstmHidden, gcnHidden, window, gamma, pmfDropout, pmfLearningRate,
                pmfDensity, pmfL2, pmfEpochs, gruHidden, textHidden, heads, transformerLayers, attentionLayers,
                attentionHeads, attentionDim, fcHidden, mffDropout, mffLearningRate, malDensity, malL2, mffEpochs,
                batchSize, usePmf, useDensity, useMal, useSpeaker, useGcn, useTextBranch, useHBt, useHVa, on);
    }

    /** A copy with ablation switches (Tables 2, 4, 5), GCN_f kept. */
    public ModelConfig withAblation(boolean pmf, boolean density, boolean mal, boolean speaker, boolean textBranch,
                                    boolean hBt, boolean hVa) {
        return withAblation(pmf, density, mal, speaker, true, textBranch, hBt, hVa);
    }

    /** A copy with every ablation switch (Tables 2, 4, 5). */
    public ModelConfig withAblation(boolean pmf, boolean density, boolean mal, boolean speaker, boolean gcn,
                                    boolean textBranch, boolean hBt, boolean hVa) {
        return new ModelConfig(dataset, modalities, lstmHidden, gcnHidden, window, gamma, pmfDropout, pmfLearningRate,
                pmfDensity, pmfL2, pmfEpochs, gruHidden, textHidden, heads, transformerLayers, attentionLayers,
                attentionHeads, attentionDim, fcHidden, mffDropout, mffLearningRate, malDensity, malL2, mffEpochs,
                batchSize, pmf, density, mal, speaker, gcn, textBranch, hBt, hVa, standardize);
    }
}
