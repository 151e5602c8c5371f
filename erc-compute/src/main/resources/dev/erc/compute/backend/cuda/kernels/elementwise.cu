// Element-wise kernels of the CUDA path: the contracts of dev.erc.compute.backend.Backend's element-wise methods.
// Compiled by NVRTC at run time (no headers: NVRTC provides the CUDA math functions itself).
//
// The op codes are the ordinals of dev.erc.compute.backend.UnaryOp and BinaryOp; KernelSourceTest checks these
// two lists against the Java enums, so a new constant there fails the build until it is added here.
// UnaryOp:  EXP LOG TANH SIGMOID RELU NEG ABS SQRT ACOS
// BinaryOp: ADD SUB MUL DIV MAX MIN
enum UnaryOp { EXP, LOG, TANH, SIGMOID, RELU, NEG, ABS, SQRT, ACOS };
enum BinaryOp { ADD, SUB, MUL, DIV, MAX, MIN };

// Grid-stride loop: any grid covers any n (the launcher caps the grid instead of sizing it to n).
#define FOR_EACH(i, n) for (long i = blockIdx.x * (long) blockDim.x + threadIdx.x; i < (n); \
                            i += (long) blockDim.x * gridDim.x)

__device__ __forceinline__ float unary_apply(int op, float x) {
    switch (op) {
        case EXP: return expf(x);
        case LOG: return logf(x);
        case TANH: return tanhf(x);
        case SIGMOID: return 1.0f / (1.0f + expf(-x));
        case RELU: return x > 0.0f ? x : 0.0f;
        case NEG: return -x;
        case ABS: return fabsf(x);
        case SQRT: return sqrtf(x);
        case ACOS: return acosf(x);
        default: return __int_as_float(0x7fc00000);  // NaN: an op code the enum does not have
    }
}

// f'(x) from the input x and the output y = f(x), as UnaryOp.derivative.
__device__ __forceinline__ float unary_derivative(int op, float x, float y) {
    switch (op) {
        case EXP: return y;
        case LOG: return 1.0f / x;
        case TANH: return 1.0f - y * y;
        case SIGMOID: return y * (1.0f - y);
        case RELU: return x > 0.0f ? 1.0f : 0.0f;
        case NEG: return -1.0f;
        case ABS: return x > 0.0f ? 1.0f : (x < 0.0f ? -1.0f : 0.0f);
        case SQRT: return 0.5f / y;
        case ACOS: return (float) (-1.0 / sqrt(1.0 - (double) x * x));
        default: return __int_as_float(0x7fc00000);
    }
}

__device__ __forceinline__ float binary_apply(int op, float x, float y) {
    switch (op) {
        case ADD: return x + y;
        case SUB: return x - y;
        case MUL: return x * y;
        case DIV: return x / y;
        case MAX: return fmaxf(x, y);
        case MIN: return fminf(x, y);
        default: return __int_as_float(0x7fc00000);
    }
}

// out[i] = f(x[i])
extern "C" __global__ void erc_unary(int op, long n, const float* x, float* out) {
    FOR_EACH(i, n) out[i] = unary_apply(op, x[i]);
}

// gx[i] += gy[i] * f'(x[i])
extern "C" __global__ void erc_unary_backward(int op, long n, const float* x, const float* y, const float* gy,
                                              float* gx) {
    FOR_EACH(i, n) gx[i] += gy[i] * unary_derivative(op, x[i], y[i]);
}

// out[i] = x[i] op y[i]
extern "C" __global__ void erc_binary(int op, long n, const float* x, const float* y, float* out) {
    FOR_EACH(i, n) out[i] = binary_apply(op, x[i], y[i]);
}

// out[i] = x[i] op s
extern "C" __global__ void erc_binary_scalar(int op, long n, const float* x, float s, float* out) {
    FOR_EACH(i, n) out[i] = binary_apply(op, x[i], s);
}

// out[i] += x[i] op y[i]
extern "C" __global__ void erc_binary_accumulate(int op, long n, const float* x, const float* y, float* out) {
    FOR_EACH(i, n) out[i] += binary_apply(op, x[i], y[i]);
}

// y[i] += alpha * x[i]
extern "C" __global__ void erc_axpy(long n, float alpha, const float* x, float* y) {
    FOR_EACH(i, n) y[i] += alpha * x[i];
}

// out[i] = x[i]^p, in double as Pointwise.pow
extern "C" __global__ void erc_pow(long n, float p, const float* x, float* out) {
    FOR_EACH(i, n) out[i] = (float) pow((double) x[i], (double) p);
}

// gx[i] += gy[i] * p * x[i]^(p-1)
extern "C" __global__ void erc_pow_backward(long n, float p, const float* x, const float* gy, float* gx) {
    FOR_EACH(i, n) gx[i] += gy[i] * p * (float) pow((double) x[i], (double) (p - 1.0f));
}

// out[i] = min(hi, max(lo, x[i]))
extern "C" __global__ void erc_clamp(long n, float lo, float hi, const float* x, float* out) {
    FOR_EACH(i, n) out[i] = fminf(hi, fmaxf(lo, x[i]));
}

// gx[i] += gy[i] where lo <= x[i] <= hi (the gradient passes only inside)
extern "C" __global__ void erc_clamp_backward(long n, float lo, float hi, const float* x, const float* gy, float* gx) {
    FOR_EACH(i, n) if (x[i] >= lo && x[i] <= hi) gx[i] += gy[i];
}

// out[i] = x[i]^-1/2, and 0 where x[i] <= 0 (a node of degree 0 in Graph.normalizeAdjacency)
extern "C" __global__ void erc_inverse_sqrt(long n, const float* x, float* out) {
    FOR_EACH(i, n) out[i] = x[i] > 0.0f ? (float) (1.0 / sqrt((double) x[i])) : 0.0f;
}

// gx[i] += -gy[i] * out[i] / (2 x[i]) where x[i] > 0
extern "C" __global__ void erc_inverse_sqrt_backward(long n, const float* x, const float* out, const float* gy,
                                                     float* gx) {
    FOR_EACH(i, n) if (x[i] > 0.0f) gx[i] += -0.5f * gy[i] * out[i] / x[i];
}
