// Row kernels of the CUDA path: softmax, log-softmax and layer norm over the rows of a row-major matrix, the
// contracts of dev.erc.compute.backend.Backend's row methods. One block per row; blockDim.x is a multiple of 32
// (at most 1024). Sums are taken in float in a fixed order (per-thread strided partials, then a shuffle tree), so a
// run is reproducible bit for bit on one GPU; no atomics anywhere.

#define NEG_INF __int_as_float(0xff800000)

// Reduces v over the block (sum, or max when is_max); every thread gets the result. scratch: 32 floats of shared memory.
__device__ float block_reduce(float v, bool is_max, float* scratch) {
    for (int o = 16; o > 0; o >>= 1) {
        float w = __shfl_down_sync(0xffffffffu, v, o);
        v = is_max ? fmaxf(v, w) : v + w;
    }
    int lane = threadIdx.x & 31;
    int warp = threadIdx.x >> 5;
    if (lane == 0) scratch[warp] = v;
    __syncthreads();
    int warps = blockDim.x >> 5;
    if (warp == 0) {
        v = lane < warps ? scratch[lane] : (is_max ? NEG_INF : 0.0f);
        for (int o = 16; o > 0; o >>= 1) {
            float w = __shfl_down_sync(0xffffffffu, v, o);
            v = is_max ? fmaxf(v, w) : v + w;
        }
        if (lane == 0) scratch[0] = v;
    }
    __syncthreads();
    float result = scratch[0];
    __syncthreads();
    return result;
}

// out = softmax(x) or log_softmax(x) of each row; out must not be x.
extern "C" __global__ void erc_softmax_rows(int log, int cols, const float* x, float* out) {
    __shared__ float scratch[32];
    const float* xr = x + (long) blockIdx.x * cols;
    float* yr = out + (long) blockIdx.x * cols;
    float m = NEG_INF;
    for (int j = threadIdx.x; j < cols; j += blockDim.x) m = fmaxf(m, xr[j]);
    m = block_reduce(m, true, scratch);
    float z = 0.0f;
    for (int j = threadIdx.x; j < cols; j += blockDim.x) z += expf(xr[j] - m);
    z = block_reduce(z, false, scratch);
    float log_z = logf(z);
    for (int j = threadIdx.x; j < cols; j += blockDim.x) {
        yr[j] = log ? xr[j] - m - log_z : expf(xr[j] - m) / z;
    }
}

// gx += the input gradient of softmax (or log-softmax) given its output y and output gradient gy.
extern "C" __global__ void erc_softmax_rows_backward(int log, int cols, const float* y, const float* gy, float* gx) {
    __shared__ float scratch[32];
    long o = (long) blockIdx.x * cols;
    float s = 0.0f;
    for (int j = threadIdx.x; j < cols; j += blockDim.x) s += log ? gy[o + j] : gy[o + j] * y[o + j];
    s = block_reduce(s, false, scratch);
    for (int j = threadIdx.x; j < cols; j += blockDim.x) {
        gx[o + j] += log ? gy[o + j] - expf(y[o + j]) * s : y[o + j] * (gy[o + j] - s);
    }
}

// out = (x - mean) * rstd * gamma + beta per row; mean and rstd (biased variance, as PyTorch) kept for backward.
extern "C" __global__ void erc_layer_norm_rows(int cols, float eps, const float* x, const float* gamma,
                                               const float* beta, float* out, float* mean, float* rstd) {
    __shared__ float scratch[32];
    long o = (long) blockIdx.x * cols;
    float s = 0.0f;
    for (int j = threadIdx.x; j < cols; j += blockDim.x) s += x[o + j];
    float mu = block_reduce(s, false, scratch) / cols;
    float v = 0.0f;
    for (int j = threadIdx.x; j < cols; j += blockDim.x) {
        float d = x[o + j] - mu;
        v += d * d;
    }
    float rs = rsqrtf(block_reduce(v, false, scratch) / cols + eps);
    if (threadIdx.x == 0) {
        mean[blockIdx.x] = mu;
        rstd[blockIdx.x] = rs;
    }
    for (int j = threadIdx.x; j < cols; j += blockDim.x) out[o + j] = (x[o + j] - mu) * rs * gamma[j] + beta[j];
}

// gx += the input gradient of layer norm (gamma's and beta's come from erc_layer_norm_param_grads).
extern "C" __global__ void erc_layer_norm_rows_backward(int cols, const float* x, const float* gamma,
                                                        const float* mean, const float* rstd, const float* gy,
                                                        float* gx) {
    __shared__ float scratch[32];
    long o = (long) blockIdx.x * cols;
    float mu = mean[blockIdx.x];
    float rs = rstd[blockIdx.x];
    float sg = 0.0f;
    float sgx = 0.0f;
    for (int j = threadIdx.x; j < cols; j += blockDim.x) {
        float g = gy[o + j] * gamma[j];
        sg += g;
        sgx += g * (x[o + j] - mu) * rs;
    }
    sg = block_reduce(sg, false, scratch);
    sgx = block_reduce(sgx, false, scratch);
    for (int j = threadIdx.x; j < cols; j += blockDim.x) {
        float xhat = (x[o + j] - mu) * rs;
        gx[o + j] += rs * (gy[o + j] * gamma[j] - sg / cols - xhat * sgx / cols);
    }
}

// gGamma[j] += sum_r gy[r, j] * xhat[r, j]; gBeta[j] += sum_r gy[r, j]: one thread per column, rows in order
// (deterministic, unlike atomics across row blocks).
extern "C" __global__ void erc_layer_norm_param_grads(int rows, int cols, const float* x, const float* mean,
                                                      const float* rstd, const float* gy, float* g_gamma,
                                                      float* g_beta) {
    int j = blockIdx.x * blockDim.x + threadIdx.x;
    if (j >= cols) return;
    float gg = 0.0f;
    float gb = 0.0f;
    for (int r = 0; r < rows; r++) {
        long o = (long) r * cols + j;
        gg += gy[o] * (x[o] - mean[r]) * rstd[r];
        gb += gy[o];
    }
    g_gamma[j] += gg;
    g_beta[j] += gb;
}
