package dev.erc.model.pmf;

import dev.erc.api.Modality;
import dev.erc.compute.autograd.Tensor;
import dev.erc.compute.ops.Reshape;
import dev.erc.model.ModelConfig;
import dev.erc.model.batch.DialogueBatch;
import dev.erc.model.graph.ContextGraph;
import dev.erc.model.graph.SpectralGcn;
import dev.erc.model.nn.Dropout;
import dev.erc.model.nn.Embedding;
import dev.erc.model.nn.Linear;
import dev.erc.model.nn.Lstm;
import dev.erc.model.nn.Module;
import java.util.random.RandomGenerator;

/**
 * Pairwise modality fusion (§3.1) of modalities m1 and m2:
 * <ol>
 * <li>a dual-channel BiLSTM, one channel per modality: {@code l^m = [LSTM→, LSTM←](u^m)} (eq. 1);</li>
 * <li>speaker-aware nodes {@code n^m_i = w_ps s_i + l^m_i} (eq. 2), the speaker term an embedding of the speaker
 * index (a linear map of the one-hot s_i);</li>
 * <li>the pair graph with intra-modal edges (eq. 3) and inter-modal edges weighted by γ (eq. 4), and a spectral GCN
 * over it (eq. 5): {@code E(m1m2)_i = [GCN(n^m1)_i, GCN(n^m2)_i]};</li>
 * <li>an FC head for stage-1 training; the loss adds the density term ‖E(m1m2)‖₁ (eqs. 6-7).</li>
 * </ol>
 */
public final class PairwiseFusion extends Module implements PairEncoder {

    private final Modality m1;
    private final Modality m2;
    private final Lstm encoder1;
    private final Lstm encoder2;
    private final Embedding speakerEmbedding;
    private final SpectralGcn gcn;
    private final Dropout dropout;
    private final Linear head;
    private final int window;
    private final float gamma;
    private final int out;

    public PairwiseFusion(Modality m1, int d1, Modality m2, int d2, int speakers, int classes, ModelConfig c,
                          RandomGenerator rng) {
        this.m1 = m1;
        this.m2 = m2;
        int h = c.lstmHidden();
        this.encoder1 = child("encoder1", new Lstm(d1, h, 1, true, 0f, rng));
        this.encoder2 = child("encoder2", new Lstm(d2, h, 1, true, 0f, rng));
        this.speakerEmbedding = c.useSpeaker() ? child("speakerEmbedding", new Embedding(speakers, 2 * h, rng)) : null;
        this.gcn = child("gcn", new SpectralGcn(2 * h, c.gcnHidden(), c.gcnHidden(), c.pmfDropout(), rng));
        this.dropout = child("dropout", new Dropout(c.pmfDropout(), rng));
        this.out = 2 * c.gcnHidden();
        this.head = child("head", new Linear(out, classes, rng));
        this.window = c.window();
        this.gamma = c.gamma();
    }

    @Override
    public Tensor fuse(DialogueBatch batch) {
        int[] lengths = batch.lengths();
        Tensor l1 = encoder1.forward(dropout.forward(batch.features(m1)), lengths).output();
        Tensor l2 = encoder2.forward(dropout.forward(batch.features(m2)), lengths).output();
        if (speakerEmbedding != null) {
            Tensor s = Reshape.reshape(speakerEmbedding.forward(batch.speakers()), batch.size(), batch.maxLen(), -1);
            l1 = l1.add(s);
            l2 = l2.add(s);
        }
        Tensor nodes = ContextGraph.stackChannels(l1, l2);
        Tensor mask = ContextGraph.edgeMask(lengths, batch.maxLen(), 2, window, gamma);
        Tensor h = gcn.forward(nodes, ContextGraph.normalizedAdjacency(nodes, mask));
        return ContextGraph.perUtterance(h, 2);
    }

    @Override
    public Tensor logits(Tensor fused) {
        return head.forward(dropout.forward(fused));
    }

    @Override
    public int outputSize() {
        return out;
    }

    @Override
    public String toString() {
        return "PairwiseFusion(" + m1 + ", " + m2 + ")";
    }
}
