package dev.erc.compute.ops;

import dev.erc.compute.autograd.Tensor;

/**
 * {@link Graph#angularAdjacency}'s forward and backward over the mask's non-zero entries. Entry {@code e} of the
 * sparse form joins node {@code row[e]} to node {@code col[e]} (within one graph of the batch) with mask weight
 * {@code m[e]}; the self-loops are the diagonal, added to every row.
 */
final class AngularAdjacency {

    private static final float LO = Similarity.COS_LO;
    private static final float HI = Similarity.COS_HI;
    private static final float INV_PI = (float) (1.0 / Math.PI);

    private final int batch;
    private final int n;
    private final int d;
    private final float eps;
    /** Node norms, and the nodes divided by {@code max(norm, eps)}. */
    private final float[] norm;
    private final float[] unit;
    /** The sparse entries (row and column are global node indices, {@code b * n + i}). */
    private final int[] row;
    private final int[] col;
    private final float[] m;
    /** Per entry: the cosine before clamping, and the adjacency value {@code m (1 - arccos(clamp(cos)) / pi)}. */
    private final float[] cos;
    private final float[] a;
    /** Per node: degree (row sum of W + I), its inverse square root (0 where the degree is not positive). */
    private final float[] degree;
    private final float[] scale;

    private AngularAdjacency(float[] x, float[] mask, int batch, int n, int d, float eps) {
        this.batch = batch;
        this.n = n;
        this.d = d;
        this.eps = eps;
        int nodes = batch * n;
        norm = new float[nodes];
        unit = new float[nodes * d];
        for (int v = 0; v < nodes; v++) {
            double s = 0;
            for (int k = 0; k < d; k++) {
                float xv = x[v * d + k];
                s += xv * xv;
            }
            norm[v] = (float) Math.sqrt((float) s);
            float c = Math.max(norm[v], eps);
            for (int k = 0; k < d; k++) {
                unit[v * d + k] = x[v * d + k] / c;
            }
        }
        int nnz = 0;
        for (float w : mask) {
            nnz += w != 0f ? 1 : 0;
        }
        row = new int[nnz];
        col = new int[nnz];
        m = new float[nnz];
        cos = new float[nnz];
        a = new float[nnz];
        degree = new float[nodes];
        java.util.Arrays.fill(degree, 1f);
        int e = 0;
        for (int b = 0; b < batch; b++) {
            for (int i = 0; i < n; i++) {
                int base = (b * n + i) * n;
                for (int j = 0; j < n; j++) {
                    float w = mask[base + j];
                    if (w == 0f) {
                        continue;
                    }
                    int u = b * n + i;
                    int v = b * n + j;
                    float c = 0f;
                    for (int k = 0; k < d; k++) {
                        c += unit[u * d + k] * unit[v * d + k];
                    }
                    row[e] = u;
                    col[e] = v;
                    m[e] = w;
                    cos[e] = c;
                    float angular = 1f - (float) Math.acos(Math.min(HI, Math.max(LO, c))) * INV_PI;
                    a[e] = angular * w;
                    degree[u] += a[e];
                    e++;
                }
            }
        }
        scale = new float[nodes];
        for (int v = 0; v < nodes; v++) {
            scale[v] = degree[v] > 0f ? (float) (1.0 / Math.sqrt(degree[v])) : 0f;
        }
    }

    static Tensor of(Tensor nodes, Tensor mask, float eps) {
        int batch = nodes.dim(0);
        int n = nodes.dim(1);
        AngularAdjacency g = new AngularAdjacency(nodes.data(), mask.data(), batch, n, nodes.dim(2), eps);
        float[] out = new float[batch * n * n];
        for (int v = 0; v < batch * n; v++) {
            int i = v % n;
            out[v * n + i] = g.scale[v] * g.scale[v];
        }
        for (int e = 0; e < g.row.length; e++) {
            int u = g.row[e];
            int j = g.col[e] % n;
            // a self-loop the mask also weights adds to the diagonal's 1
            out[u * n + j] = (u == g.col[e] ? g.a[e] + 1f : g.a[e]) * g.scale[u] * g.scale[g.col[e]];
        }
        return Tensor.result(out, new int[] {batch, n, n}, "angularAdjacency", grad -> g.backward(grad, nodes),
                nodes);
    }

    private void backward(float[] grad, Tensor nodes) {
        if (!nodes.requiresGrad()) {
            return;
        }
        int nodesCount = batch * n;
        // out_uv = A_uv s_u s_v: the scales' gradients, through the diagonal and every entry
        float[] dScale = new float[nodesCount];
        for (int v = 0; v < nodesCount; v++) {
            int i = v % n;
            dScale[v] += 2f * grad[v * n + i] * scale[v];
        }
        for (int e = 0; e < row.length; e++) {
            int u = row[e];
            int v = col[e];
            float g = grad[u * n + v % n] * a[e];
            dScale[u] += g * scale[v];
            dScale[v] += g * scale[u];
        }
        // s = degree^-1/2, degree_u = 1 + sum_v A_uv
        float[] dDegree = new float[nodesCount];
        for (int v = 0; v < nodesCount; v++) {
            dDegree[v] = degree[v] > 0f ? dScale[v] * -0.5f * scale[v] / degree[v] : 0f;
        }
        float[] dUnit = new float[nodesCount * d];
        for (int e = 0; e < row.length; e++) {
            int u = row[e];
            int v = col[e];
            float dA = grad[u * n + v % n] * scale[u] * scale[v] + dDegree[u];
            float c = cos[e];
            if (c < LO || c > HI) {
                continue;
            }
            // d/dc (1 - arccos(c) / pi) = 1 / (pi sqrt(1 - c^2))
            float dCos = dA * m[e] * INV_PI / (float) Math.sqrt(1.0 - (double) c * c);
            for (int k = 0; k < d; k++) {
                dUnit[u * d + k] += dCos * unit[v * d + k];
                dUnit[v * d + k] += dCos * unit[u * d + k];
            }
        }
        // unit = x / max(|x|, eps)
        float[] x = nodes.data();
        float[] gx = nodes.gradBuffer();
        for (int v = 0; v < nodesCount; v++) {
            int off = v * d;
            if (norm[v] >= eps && norm[v] > 0f) {
                float dot = 0f;
                for (int k = 0; k < d; k++) {
                    dot += dUnit[off + k] * x[off + k];
                }
                float inv = 1f / norm[v];
                float radial = dot * inv * inv * inv;
                for (int k = 0; k < d; k++) {
                    gx[off + k] += dUnit[off + k] * inv - x[off + k] * radial;
                }
            } else {
                for (int k = 0; k < d; k++) {
                    gx[off + k] += dUnit[off + k] / eps;
                }
            }
        }
    }
}
