// The loss and the optimiser step of the CUDA path: weighted, masked negative log-likelihood over log-probabilities
// (Loss.crossEntropy after a log-softmax) and Adam / AdamW (dev.erc.model.optim.Adam), each as the Java code does it.

__device__ float block_sum(float v, float* scratch) {
    for (int o = 16; o > 0; o >>= 1) v += __shfl_down_sync(0xffffffffu, v, o);
    int lane = threadIdx.x & 31;
    int warp = threadIdx.x >> 5;
    if (lane == 0) scratch[warp] = v;
    __syncthreads();
    if (warp == 0) {
        v = lane < (int) (blockDim.x >> 5) ? scratch[lane] : 0.0f;
        for (int o = 16; o > 0; o >>= 1) v += __shfl_down_sync(0xffffffffu, v, o);
        if (lane == 0) scratch[0] = v;
    }
    __syncthreads();
    float r = scratch[0];
    __syncthreads();
    return r;
}

// One block: loss[0] = -sum_i w_i logp[i, y_i] / sum_i w_i over the rows whose mask is set (mask null: all rows),
// w_i = weights[y_i] (weights null: 1); denom[0] = sum_i w_i; a batch with no row counted gives loss 0.
extern "C" __global__ void erc_nll(int rows, int cols, const float* logp, const int* targets, const float* weights,
                                   const unsigned char* mask, float* loss, float* denom) {
    __shared__ float scratch[32];
    float total = 0.0f;
    float z = 0.0f;
    for (int i = threadIdx.x; i < rows; i += blockDim.x) {
        if (mask != 0 && !mask[i]) continue;
        int y = targets[i];
        float w = weights != 0 ? weights[y] : 1.0f;
        total -= w * logp[(long long) i * cols + y];
        z += w;
    }
    total = block_sum(total, scratch);
    z = block_sum(z, scratch);
    if (threadIdx.x == 0) {
        loss[0] = z == 0.0f ? 0.0f : total / z;
        denom[0] = z;
    }
}

// glogp[i, y_i] -= g[0] * w_i / denom[0] for the counted rows (nothing when denom is 0)
extern "C" __global__ void erc_nll_backward(int rows, int cols, const int* targets, const float* weights,
                                            const unsigned char* mask, const float* g, const float* denom,
                                            float* glogp) {
    float z = denom[0];
    if (z == 0.0f) return;
    for (int i = blockIdx.x * blockDim.x + threadIdx.x; i < rows; i += blockDim.x * gridDim.x) {
        if (mask != 0 && !mask[i]) continue;
        int y = targets[i];
        float w = weights != 0 ? weights[y] : 1.0f;
        glogp[(long long) i * cols + y] -= g[0] * w / z;
    }
}

// One Adam step of n parameters, as Adam.step: decoupled (AdamW) scales w by decay_scale = 1 - lr * wd first;
// otherwise l2 = wd is added to the gradient. step_size = lr / (1 - beta1^t), bc2_sqrt = sqrt(1 - beta2^t).
extern "C" __global__ void erc_adam(long long n, float* w, const float* g, float* m, float* v, float b1, float b2,
                                    float step_size, double bc2_sqrt, double eps, float decay_scale, float l2,
                                    int decoupled) {
    for (long long j = blockIdx.x * (long long) blockDim.x + threadIdx.x; j < n;
         j += (long long) blockDim.x * gridDim.x) {
        float grad = g[j];
        float wj = w[j];
        if (decoupled) {
            wj *= decay_scale;
        } else if (l2 != 0.0f) {
            grad += l2 * wj;
        }
        float mj = b1 * m[j] + (1.0f - b1) * grad;
        float vj = b2 * v[j] + (1.0f - b2) * grad * grad;
        float denom = (float) (sqrt((double) vj) / bc2_sqrt + eps);
        m[j] = mj;
        v[j] = vj;
        w[j] = wj - step_size * mj / denom;
    }
}
