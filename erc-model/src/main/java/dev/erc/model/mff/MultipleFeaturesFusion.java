package dev.erc.model.mff;

import dev.erc.compute.autograd.Tensor;
import dev.erc.compute.ops.Join;
import dev.erc.compute.ops.Reshape;
import dev.erc.model.ModelConfig;
import dev.erc.model.batch.DialogueBatch;
import dev.erc.model.graph.ContextGraph;
import dev.erc.model.graph.SpectralGcn;
import dev.erc.model.nn.Dropout;
import dev.erc.model.nn.Embedding;
import dev.erc.model.nn.Gru;
import dev.erc.model.nn.Module;
import dev.erc.model.nn.TransformerEncoderLayer;
import java.util.ArrayList;
import java.util.List;
import java.util.random.RandomGenerator;

/**
 * Multiple features fusion (§3.2):
 * <ol>
 * <li>GRU1, shared by the pair features: {@code h^(P)_t = GRU1(h^(P)_(t-1), E^(P)_t)} (eq. 8);</li>
 * <li>speaker-aware nodes {@code n^(P)_t = w_ms s_t + h^(P)_t} (eq. 9), a graph over the pair features with intra-
 * and inter-feature edges as eqs. 3-4, and GCN_f: {@code E(VAT)} (eq. 10);</li>
 * <li>the text branch {@code h^(Bt) = GRU2(u^(Bt))} (eq. 11) and a Transformer encoder over it: {@code E(Bt)};</li>
 * <li>{@code E(MF) = [E(VAT), E(Bt)]} (eq. 12).</li>
 * </ol>
 */
public final class MultipleFeaturesFusion extends Module {

    /** E(MF) and the two features MAL skip-connects: h(VA) (first pair's GRU1 output) and h(Bt). */
    public record Output(Tensor fused, Tensor hVa, Tensor hBt) {
    }

    private final int pairs;
    private final Gru gru1;
    private final Embedding speakerEmbedding;
    private final SpectralGcn gcn;
    private final int nodeSize;
    private final Gru gru2;
    private final List<TransformerEncoderLayer> transformer = new ArrayList<>();
    private final Dropout dropout;
    private final boolean textBranch;
    private final int window;
    private final float gamma;
    private final int fusedSize;

    /**
     * @param pairs number of pair features (3 with all modalities)
     * @param pairSize size of each pair feature
     * @param textSize size of u(Bt)
     */
    public MultipleFeaturesFusion(int pairs, int pairSize, int textSize, int speakers, ModelConfig c,
                                  RandomGenerator rng) {
        this.pairs = pairs;
        this.gru1 = child("gru1", new Gru(pairSize, c.gruHidden(), 1, false, 0f, rng));
        this.speakerEmbedding = c.useSpeaker() ? child("speakerEmbedding", new Embedding(speakers, c.gruHidden(), rng))
                : null;
        this.gcn = c.useGcn()
                ? child("gcn", new SpectralGcn(c.gruHidden(), c.gcnHidden(), c.gcnHidden(), c.mffDropout(), rng)) : null;
        this.nodeSize = c.useGcn() ? c.gcnHidden() : c.gruHidden();
        this.textBranch = c.useTextBranch();
        boolean needText = c.useTextBranch() || c.useHBt();
        this.gru2 = needText ? child("gru2", new Gru(textSize, c.textHidden(), 1, false, 0f, rng)) : null;
        if (c.useTextBranch()) {
            for (int i = 0; i < c.transformerLayers(); i++) {
                transformer.add(child("transformer" + i, new TransformerEncoderLayer(c.textHidden(), c.heads(),
                        4 * c.textHidden(), c.mffDropout(), rng)));
            }
        }
        this.dropout = child("dropout", new Dropout(c.mffDropout(), rng));
        this.window = c.window();
        this.gamma = c.gamma();
        this.fusedSize = pairs * nodeSize + (c.useTextBranch() ? c.textHidden() : 0);
    }

    /**
     * @param pairFeatures E(m1m2) of each pair, {@code [batch, maxLen, pairSize]}, the VA pair first when present
     * @param text u(Bt) {@code [batch, maxLen, textSize]}, or null without the text branch
     */
    public Output forward(List<Tensor> pairFeatures, Tensor text, DialogueBatch batch) {
        int[] lengths = batch.lengths();
        List<Tensor> h = new ArrayList<>();
        Tensor speaker = speakerEmbedding == null ? null
                : Reshape.reshape(speakerEmbedding.forward(batch.speakers()), batch.size(), batch.maxLen(), -1);
        for (Tensor e : pairFeatures) {
            h.add(gru1.forward(dropout.forward(e), lengths).output());
        }
        List<Tensor> nodes = new ArrayList<>();
        for (Tensor x : h) {
            nodes.add(speaker == null ? x : x.add(speaker));
        }
        Tensor vat;
        if (gcn == null) {
            vat = Join.concat(2, nodes.toArray(new Tensor[0]));
        } else {
            Tensor stacked = ContextGraph.stackChannels(nodes.toArray(new Tensor[0]));
            Tensor mask = ContextGraph.edgeMask(lengths, batch.maxLen(), pairs, window, gamma);
            vat = ContextGraph.perUtterance(gcn.forward(stacked, ContextGraph.normalizedAdjacency(stacked, mask)),
                    pairs);
        }
        Tensor hBt = null;
        Tensor fused = vat;
        if (gru2 != null) {
            hBt = gru2.forward(dropout.forward(text), lengths).output();
        }
        if (textBranch) {
            boolean[] padding = batch.padding();
            Tensor eBt = hBt;
            for (TransformerEncoderLayer layer : transformer) {
                eBt = layer.forward(eBt, padding);
            }
            fused = Join.concat(2, vat, eBt);
        }
        return new Output(fused, h.get(0), hBt);
    }

    /** Size of E(MF)'s last axis. */
    public int fusedSize() {
        return fusedSize;
    }
}
