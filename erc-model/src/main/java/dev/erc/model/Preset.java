package dev.erc.model;

import dev.erc.api.Modality;
import java.util.EnumSet;

/**
 * The paper's hyperparameters (§4.2) for each dataset, completed with the choices it leaves open (see
 * {@code docs/MODEL.md}).
 */
public enum Preset {
    /** IEMOCAP: PMF dropout 0.15, lr 2e-4, λp1 2e-5, λp2 2e-5; MFF dropout 0.25, lr 1.5e-4, λm1 2e-5, λm2 2e-5; 1 head, 1 layer. */
    IEMOCAP(0.15f, 2e-4, 2e-5, 2e-5, 0.25f, 1.5e-4, 2e-5, 2e-5, 1, 16),
    /** MELD: PMF dropout 0.2, lr 2e-4, λp1 2e-4, λp2 2e-5; MAL dropout 0.1, lr 4e-4, λm1 2e-4, λm2 1.5e-5; 4 heads, 1 layer. */
    MELD(0.2f, 2e-4, 2e-4, 2e-5, 0.1f, 4e-4, 2e-4, 1.5e-5, 4, 32);

    private final float pmfDropout;
    private final double pmfLr;
    private final double pmfDensity;
    private final double pmfL2;
    private final float mffDropout;
    private final double mffLr;
    private final double malDensity;
    private final double malL2;
    private final int heads;
    private final int batchSize;

    Preset(float pmfDropout, double pmfLr, double pmfDensity, double pmfL2, float mffDropout, double mffLr,
           double malDensity, double malL2, int heads, int batchSize) {
        this.pmfDropout = pmfDropout;
        this.pmfLr = pmfLr;
        this.pmfDensity = pmfDensity;
        this.pmfL2 = pmfL2;
        this.mffDropout = mffDropout;
        this.mffLr = mffLr;
        this.malDensity = malDensity;
        this.malL2 = malL2;
        this.heads = heads;
        this.batchSize = batchSize;
    }

    /** The full configuration: all three modalities, every component on. */
    public ModelConfig config() {
        return new ModelConfig(name(), EnumSet.of(Modality.TEXT, Modality.AUDIO, Modality.VISUAL),
                100, 100, 1, 0.7f, pmfDropout, pmfLr, pmfDensity, pmfL2, 30,
                100, 100, heads, 1, 2, heads, 128, 100, mffDropout, mffLr, malDensity, malL2, 40, batchSize,
                true, true, true, true, true, true, true, true, true);
    }
}
