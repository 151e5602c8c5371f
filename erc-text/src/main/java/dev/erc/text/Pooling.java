package dev.erc.text;

/** How a sentence vector is read from a transformer's per-token outputs. */
public enum Pooling {
    /** The mean over the tokens (sentence-transformers models such as all-MiniLM-L6-v2). */
    MEAN,
    /** The first token's output, [CLS] (BGE and other retrieval models). */
    CLS;

    /** The pooled and L2-normalised vector of {@code hidden[token][dim]}. */
    float[] pool(float[][] hidden) {
        int dim = hidden[0].length;
        float[] v = new float[dim];
        if (this == CLS) {
            System.arraycopy(hidden[0], 0, v, 0, dim);
        } else {
            double[] sum = new double[dim];
            for (float[] token : hidden) {
                for (int j = 0; j < dim; j++) {
                    sum[j] += token[j];
                }
            }
            for (int j = 0; j < dim; j++) {
                v[j] = (float) (sum[j] / hidden.length);
            }
        }
        return normalise(v);
    }

    static float[] normalise(float[] v) {
        double norm = 0;
        for (float x : v) {
            norm += (double) x * x;
        }
        norm = Math.sqrt(norm);
        if (norm > 0) {
            for (int j = 0; j < v.length; j++) {
                v[j] = (float) (v[j] / norm);
            }
        }
        return v;
    }
}
