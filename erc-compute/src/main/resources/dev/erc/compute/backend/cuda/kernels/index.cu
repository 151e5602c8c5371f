// Data movement of the CUDA path: strided copies (broadcast, transpose, permute, slice, concat, stack), reductions
// over axes, gathers and their deterministic scatter-adds, masking and dropout. Layout structs are passed by value
// and written by dev.erc.compute.backend.cuda.StridedLayout (same field order and sizes: keep them in step).
// No atomics: every output element is written by one thread, in a fixed order, so reruns give the same bits.

#define MAX_RANK 6

// An index space `shape` walked in row-major order, with the stride of each axis in the source and destination.
struct Strided {
    int rank;
    int unused;
    long long shape[MAX_RANK];
    long long src[MAX_RANK];
    long long dst[MAX_RANK];
};

// The outputs (shape/stride of each kept axis in the source) and, for each, the reduced index space.
struct Reduction {
    int out_rank;
    int in_rank;
    long long out_shape[MAX_RANK];
    long long out_stride[MAX_RANK];
    long long in_shape[MAX_RANK];
    long long in_stride[MAX_RANK];
};

#define FOR_EACH(i, n) for (long long i = blockIdx.x * (long long) blockDim.x + threadIdx.x; i < (n); \
                            i += (long long) blockDim.x * gridDim.x)

__device__ __forceinline__ void offsets(const Strided& L, long long i, long long& s, long long& d) {
    s = 0;
    d = 0;
    for (int k = L.rank - 1; k >= 0; k--) {
        long long c = i % L.shape[k];
        i /= L.shape[k];
        s += c * L.src[k];
        d += c * L.dst[k];
    }
}

// dst[dst_off + d(i)] = (or +=, when accumulate) src[src_off + s(i)] for each of the n positions i of L.shape
extern "C" __global__ void erc_copy_strided(long long n, Strided L, const float* src, long long src_off, float* dst,
                                            long long dst_off, int accumulate) {
    FOR_EACH(i, n) {
        long long s, d;
        offsets(L, i, s, d);
        float v = src[src_off + s];
        if (accumulate) dst[dst_off + d] += v; else dst[dst_off + d] = v;
    }
}

// dst[o] = (accumulate ? dst[o] : 0) + alpha * sum over the reduced space of src: one block per output o,
// threads striding over the reduced space, then a fixed shuffle tree.
extern "C" __global__ void erc_reduce(long long inner_n, Reduction R, float alpha, const float* src, float* dst,
                                      int accumulate) {
    __shared__ float scratch[32];
    long long o = blockIdx.x;
    long long base = 0;
    for (int k = R.out_rank - 1; k >= 0; k--) {
        base += (o % R.out_shape[k]) * R.out_stride[k];
        o /= R.out_shape[k];
    }
    float sum = 0.0f;
    for (long long j = threadIdx.x; j < inner_n; j += blockDim.x) {
        long long rem = j;
        long long off = base;
        for (int k = R.in_rank - 1; k >= 0; k--) {
            off += (rem % R.in_shape[k]) * R.in_stride[k];
            rem /= R.in_shape[k];
        }
        sum += src[off];
    }
    for (int s = 16; s > 0; s >>= 1) sum += __shfl_down_sync(0xffffffffu, sum, s);
    int lane = threadIdx.x & 31;
    int warp = threadIdx.x >> 5;
    if (lane == 0) scratch[warp] = sum;
    __syncthreads();
    if (warp == 0) {
        sum = lane < (int) (blockDim.x >> 5) ? scratch[lane] : 0.0f;
        for (int s = 16; s > 0; s >>= 1) sum += __shfl_down_sync(0xffffffffu, sum, s);
        if (lane == 0) {
            float v = alpha * sum;
            dst[blockIdx.x] = accumulate ? dst[blockIdx.x] + v : v;
        }
    }
}

// dst[i] = src[s(i) + index[i] * axis_stride]: torch.gather along one axis (Index.gather), where L.shape is the index's
// shape and L.src the source strides with the gathered axis's set to 0.
extern "C" __global__ void erc_gather(long long n, Strided L, const int* index, long long axis_stride,
                                      const float* src, float* dst) {
    FOR_EACH(i, n) {
        long long s, d;
        offsets(L, i, s, d);
        dst[i] = src[s + (long long) index[i] * axis_stride];
    }
}

// dst[target[t]] += sum of src[order[k]] for k in [start[t], start[t + 1]): a scatter-add (the backward of a gather)
// through an inverse index the host builds from the index it already holds, so duplicates add in a fixed order.
extern "C" __global__ void erc_scatter_add(int targets, const int* target, const int* start, const int* order,
                                           const float* src, float* dst) {
    FOR_EACH(t, targets) {
        float sum = 0.0f;
        for (int k = start[t]; k < start[t + 1]; k++) sum += src[order[k]];
        dst[target[t]] += sum;
    }
}

// dst[r, :] = src[index[r], :]
extern "C" __global__ void erc_gather_rows(int rows, int cols, const int* index, const float* src, float* dst) {
    FOR_EACH(i, (long long) rows * cols) {
        long long r = i / cols;
        dst[i] = src[(long long) index[r] * cols + i % cols];
    }
}

// dst[target[t], :] += sum of src[order[k], :] for k in [start[t], start[t + 1])
extern "C" __global__ void erc_scatter_add_rows(int targets, int cols, const int* target, const int* start,
                                                const int* order, const float* src, float* dst) {
    FOR_EACH(i, (long long) targets * cols) {
        long long t = i / cols;
        long long c = i % cols;
        float sum = 0.0f;
        for (int k = start[t]; k < start[t + 1]; k++) sum += src[(long long) order[k] * cols + c];
        dst[(long long) target[t] * cols + c] += sum;
    }
}

// out[i] = mask[m(i)] ? value : x[i], m(i) the position of i in the broadcast mask (L.src; L.dst unused)
extern "C" __global__ void erc_masked_fill(long long n, Strided L, const unsigned char* mask, const float* x,
                                           float value, float* out) {
    FOR_EACH(i, n) {
        long long m, unused;
        offsets(L, i, m, unused);
        out[i] = mask[m] ? value : x[i];
    }
}

// gx[i] += mask[m(i)] ? 0 : gy[i]
extern "C" __global__ void erc_masked_fill_backward(long long n, Strided L, const unsigned char* mask,
                                                    const float* gy, float* gx) {
    FOR_EACH(i, n) {
        long long m, unused;
        offsets(L, i, m, unused);
        if (!mask[m]) gx[i] += gy[i];
    }
}

// out[i] = keep[i] ? x[i] * scale : 0, the keep mask drawn on the host from the model's seeded generator (so every
// backend drops the same units)
extern "C" __global__ void erc_dropout(long long n, const unsigned char* keep, float scale, const float* x,
                                       float* out) {
    FOR_EACH(i, n) out[i] = keep[i] ? x[i] * scale : 0.0f;
}

// gx[i] += keep[i] ? gy[i] * scale : 0
extern "C" __global__ void erc_dropout_backward(long long n, const unsigned char* keep, float scale, const float* gy,
                                                float* gx) {
    FOR_EACH(i, n) if (keep[i]) gx[i] += gy[i] * scale;
}
