package dev.erc.compute.backend.cuda;

import dev.erc.compute.backend.cuda.bindings.cudnn.CudnnBindings;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.function.Consumer;

/**
 * An LSTM or GRU (uni- or bidirectional, one or more layers) run by cuDNN 9's RNN API on a {@link CudaDevice}:
 * forward in training mode, then backward data and backward weights, over padded batch-major sequences with lengths
 * ({@code [batch, maxLen, features]}, zeros past each length), the layout of our {@code RecurrentNetwork}.
 *
 * <p>Weights live in cuDNN's flat weight space; {@link #layout()} maps it to and from our PyTorch-named parameters.
 * Math is full FP32 ({@code CUDNN_FMA_MATH}, as PyTorch with {@code cudnn.allow_tf32 = False}): cuDNN's default math
 * lets Ampere and newer GPUs round the products to TF32, which on an H200 put outputs 0.3-1.2 % away from the scalar
 * oracle (first GPU check); with FMA math they agree to 1e-3. An instance serves one thread at a time.
 */
public final class CudnnRnn implements AutoCloseable {

    private final CudaDevice device;
    private final RnnWeightLayout.Cell cell;
    private final int inputSize;
    private final int hidden;
    private final int layers;
    private final int directions;
    private final Arena arena = Arena.ofShared();
    private final MemorySegment handle;
    private final MemorySegment rnn;
    private final MemorySegment dropout;
    private final long weightBytes;
    private final RnnWeightLayout layout;
    private boolean closed;

    /** Describes the network to cuDNN and asks where its weights live. */
    public CudnnRnn(CudaDevice device, RnnWeightLayout.Cell cell, int inputSize, int hidden, int layers,
                    boolean bidirectional) {
        if (inputSize <= 0 || hidden <= 0 || layers <= 0) {
            throw new IllegalArgumentException("sizes must be positive: input=" + inputSize + " hidden=" + hidden
                    + " layers=" + layers);
        }
        this.device = device;
        this.cell = cell;
        this.inputSize = inputSize;
        this.hidden = hidden;
        this.layers = layers;
        this.directions = bidirectional ? 2 : 1;
        handle = created("cudnnCreate", CudnnBindings::cudnnCreate);
        check("cudnnSetStream", CudnnBindings.cudnnSetStream(handle, device.stream()));
        // cudnnSetRNNDescriptor_v8 wants a dropout descriptor even at rate 0 (dropout between layers is ours).
        dropout = created("cudnnCreateDropoutDescriptor", CudnnBindings::cudnnCreateDropoutDescriptor);
        MemorySegment stateSize = arena.allocate(ValueLayout.JAVA_LONG);
        check("cudnnDropoutGetStatesSize", CudnnBindings.cudnnDropoutGetStatesSize(handle, stateSize));
        DeviceFloats states = device.allocate(arena, (stateSize.get(ValueLayout.JAVA_LONG, 0) + 3) / 4);
        check("cudnnSetDropoutDescriptor", CudnnBindings.cudnnSetDropoutDescriptor(dropout, handle, 0f,
                states.pointer(), states.byteSize(), 0L));
        rnn = created("cudnnCreateRNNDescriptor", CudnnBindings::cudnnCreateRNNDescriptor);
        check("cudnnSetRNNDescriptor_v8", CudnnBindings.cudnnSetRNNDescriptor_v8(rnn,
                CudnnBindings.CUDNN_RNN_ALGO_STANDARD(),
                cell == RnnWeightLayout.Cell.LSTM ? CudnnBindings.CUDNN_LSTM() : CudnnBindings.CUDNN_GRU(),
                CudnnBindings.CUDNN_RNN_DOUBLE_BIAS(),
                bidirectional ? CudnnBindings.CUDNN_BIDIRECTIONAL() : CudnnBindings.CUDNN_UNIDIRECTIONAL(),
                CudnnBindings.CUDNN_LINEAR_INPUT(), CudnnBindings.CUDNN_DATA_FLOAT(), CudnnBindings.CUDNN_DATA_FLOAT(),
                CudnnBindings.CUDNN_FMA_MATH(), inputSize, hidden, hidden, layers, dropout,
                CudnnBindings.CUDNN_RNN_PADDED_IO_ENABLED()));
        MemorySegment size = arena.allocate(ValueLayout.JAVA_LONG);
        check("cudnnGetRNNWeightSpaceSize", CudnnBindings.cudnnGetRNNWeightSpaceSize(handle, rnn, size));
        weightBytes = size.get(ValueLayout.JAVA_LONG, 0);
        layout = queryLayout(bidirectional);
    }

    private RnnWeightLayout queryLayout(boolean bidirectional) {
        try (Arena tmp = Arena.ofConfined()) {
            DeviceFloats space = device.allocate(tmp, weightBytes / Float.BYTES);
            MemorySegment mDesc = descriptor(tmp, "cudnnCreateTensorDescriptor",
                    CudnnBindings::cudnnCreateTensorDescriptor, CudnnBindings::cudnnDestroyTensorDescriptor);
            MemorySegment bDesc = descriptor(tmp, "cudnnCreateTensorDescriptor",
                    CudnnBindings::cudnnCreateTensorDescriptor, CudnnBindings::cudnnDestroyTensorDescriptor);
            MemorySegment mAddr = tmp.allocate(ValueLayout.ADDRESS);
            MemorySegment bAddr = tmp.allocate(ValueLayout.ADDRESS);
            long base = space.pointer().address();
            return RnnWeightLayout.of(cell, inputSize, hidden, layers, bidirectional, weightBytes / Float.BYTES,
                    (pseudoLayer, id) -> {
                        check("cudnnGetRNNWeightParams(pseudo-layer " + pseudoLayer + ", id " + id + ")",
                                CudnnBindings.cudnnGetRNNWeightParams(handle, rnn, pseudoLayer, weightBytes,
                                        space.pointer(), id, mDesc, mAddr, bDesc, bAddr));
                        return new RnnWeightLayout.Located(
                                (mAddr.get(ValueLayout.ADDRESS, 0).address() - base) / Float.BYTES,
                                elements(tmp, mDesc),
                                (bAddr.get(ValueLayout.ADDRESS, 0).address() - base) / Float.BYTES,
                                elements(tmp, bDesc));
                    });
        }
    }

    private static long elements(Arena tmp, MemorySegment desc) {
        MemorySegment type = tmp.allocate(ValueLayout.JAVA_INT);
        MemorySegment rank = tmp.allocate(ValueLayout.JAVA_INT);
        MemorySegment dims = tmp.allocate(ValueLayout.JAVA_INT, 8);
        MemorySegment strides = tmp.allocate(ValueLayout.JAVA_INT, 8);
        check("cudnnGetTensorNdDescriptor", CudnnBindings.cudnnGetTensorNdDescriptor(desc, 8, type, rank, dims,
                strides));
        long n = 1;
        for (int i = 0; i < rank.get(ValueLayout.JAVA_INT, 0); i++) {
            n *= dims.getAtIndex(ValueLayout.JAVA_INT, i);
        }
        return n;
    }

    /** Where our PyTorch-named parameters sit in the weight space. */
    public RnnWeightLayout layout() {
        return layout;
    }

    /** Floats in the weight space (pack our parameters with {@link #layout()}). */
    public long weightSpaceSize() {
        return weightBytes / Float.BYTES;
    }

    /**
     * The device buffers and cuDNN descriptors of one batch shape, allocated once by {@link #prepare} and reused by
     * every {@link #forward} and {@link #backward} over that shape (no allocation inside a training step): the
     * output {@code y [batch, maxLen, directions·hidden]}, the final states {@code hy} (and {@code cy} for an LSTM)
     * {@code [layers·directions, batch, hidden]}, the input gradient {@code dx}, and cuDNN's workspace and reserve.
     */
    public static final class Pass {
        private final int batch;
        private final int maxLen;
        private final MemorySegment lengths;
        private final MemorySegment xDesc;
        private final MemorySegment yDesc;
        private final MemorySegment hDesc;
        private final DeviceFloats y;
        private final DeviceFloats hy;
        private final DeviceFloats cy;
        private final DeviceFloats dx;
        private final DeviceFloats workspace;
        private final DeviceFloats reserve;
        private DeviceFloats x;

        private Pass(int batch, int maxLen, MemorySegment lengths, MemorySegment xDesc, MemorySegment yDesc,
                     MemorySegment hDesc, DeviceFloats y, DeviceFloats hy, DeviceFloats cy, DeviceFloats dx,
                     DeviceFloats workspace, DeviceFloats reserve) {
            this.batch = batch;
            this.maxLen = maxLen;
            this.lengths = lengths;
            this.xDesc = xDesc;
            this.yDesc = yDesc;
            this.hDesc = hDesc;
            this.y = y;
            this.hy = hy;
            this.cy = cy;
            this.dx = dx;
            this.workspace = workspace;
            this.reserve = reserve;
        }

        /** The output of the last forward pass. */
        public DeviceFloats y() {
            return y;
        }

        /** The final hidden states of the last forward pass. */
        public DeviceFloats hy() {
            return hy;
        }

        /** The final cell states of the last forward pass (LSTM), else {@code null}. */
        public DeviceFloats cy() {
            return cy;
        }

        /** The input gradient of the last backward pass. */
        public DeviceFloats dx() {
            return dx;
        }

        /** Sequences in the batch. */
        public int batch() {
            return batch;
        }

        /** Padded length of the batch. */
        public int maxLen() {
            return maxLen;
        }
    }

    /** Allocates, in {@code arena}, what passes over a batch of sequences with these lengths need. */
    public Pass prepare(Arena arena, int[] lengths, int maxLen) {
        int batch = lengths.length;
        for (int b = 0; b < batch; b++) {
            if (lengths[b] < 1 || lengths[b] > maxLen) {
                throw new IllegalArgumentException("sequence " + b + " has length " + lengths[b] + ", outside [1, "
                        + maxLen + "]");
            }
        }
        MemorySegment xDesc = dataDescriptor(arena, maxLen, lengths, inputSize);
        MemorySegment yDesc = dataDescriptor(arena, maxLen, lengths, directions * hidden);
        MemorySegment hDesc = stateDescriptor(arena, batch);
        MemorySegment work = arena.allocate(ValueLayout.JAVA_LONG);
        MemorySegment reserveSize = arena.allocate(ValueLayout.JAVA_LONG);
        check("cudnnGetRNNTempSpaceSizes", CudnnBindings.cudnnGetRNNTempSpaceSizes(handle, rnn,
                CudnnBindings.CUDNN_FWD_MODE_TRAINING(), xDesc, work, reserveSize));
        long states = (long) layers * directions * batch * hidden;
        return new Pass(batch, maxLen, device.upload(arena, lengths).pointer(), xDesc, yDesc, hDesc,
                device.allocate(arena, (long) batch * maxLen * directions * hidden),
                device.allocate(arena, states),
                cell == RnnWeightLayout.Cell.LSTM ? device.allocate(arena, states) : null,
                device.allocate(arena, (long) batch * maxLen * inputSize),
                device.allocate(arena, (work.get(ValueLayout.JAVA_LONG, 0) + 3) / 4),
                device.allocate(arena, (reserveSize.get(ValueLayout.JAVA_LONG, 0) + 3) / 4));
    }

    /** The training-mode forward pass over {@code x [batch, maxLen, inputSize]} into {@code pass}'s buffers. */
    public void forward(Pass pass, DeviceFloats weights, DeviceFloats x) {
        requireLength("weights", weights, weightSpaceSize());
        requireLength("x", x, (long) pass.batch * pass.maxLen * inputSize);
        pass.x = x;
        check("cudnnRNNForward", CudnnBindings.cudnnRNNForward(handle, rnn, CudnnBindings.CUDNN_FWD_MODE_TRAINING(),
                pass.lengths, pass.xDesc, x.pointer(), pass.yDesc, pass.y.pointer(), pass.hDesc, MemorySegment.NULL,
                pass.hy.pointer(), pass.hDesc, MemorySegment.NULL,
                pass.cy == null ? MemorySegment.NULL : pass.cy.pointer(), weightBytes, weights.pointer(),
                pass.workspace.byteSize(), pass.workspace.pointer(), pass.reserve.byteSize(),
                pass.reserve.pointer()));
    }

    /**
     * The backward pass of the last {@link #forward} on {@code pass}, given the output gradient {@code dy}: writes
     * {@link Pass#dx()} and adds the weight gradients into {@code dWeights} (a weight-space buffer; zero it to start).
     */
    public void backward(Pass pass, DeviceFloats weights, DeviceFloats dy, DeviceFloats dWeights) {
        if (pass.x == null) {
            throw new IllegalStateException("backward before forward on this pass");
        }
        requireLength("dy", dy, pass.y.length());
        requireLength("dWeights", dWeights, weightSpaceSize());
        MemorySegment none = MemorySegment.NULL;
        check("cudnnRNNBackwardData_v8", CudnnBindings.cudnnRNNBackwardData_v8(handle, rnn, pass.lengths,
                pass.yDesc, pass.y.pointer(), dy.pointer(), pass.xDesc, pass.dx.pointer(), pass.hDesc, none, none,
                none, pass.hDesc, none, none, none, weightBytes, weights.pointer(), pass.workspace.byteSize(),
                pass.workspace.pointer(), pass.reserve.byteSize(), pass.reserve.pointer()));
        check("cudnnRNNBackwardWeights_v8", CudnnBindings.cudnnRNNBackwardWeights_v8(handle, rnn,
                CudnnBindings.CUDNN_WGRAD_MODE_ADD(), pass.lengths, pass.xDesc, pass.x.pointer(), pass.hDesc,
                none, pass.yDesc, pass.y.pointer(), weightBytes, dWeights.pointer(), pass.workspace.byteSize(),
                pass.workspace.pointer(), pass.reserve.byteSize(), pass.reserve.pointer()));
    }

    private MemorySegment dataDescriptor(Arena arena, int maxLen, int[] lengths, int vectorSize) {
        MemorySegment d = descriptor(arena, "cudnnCreateRNNDataDescriptor", CudnnBindings::cudnnCreateRNNDataDescriptor,
                CudnnBindings::cudnnDestroyRNNDataDescriptor);
        try (Arena tmp = Arena.ofConfined()) {
            check("cudnnSetRNNDataDescriptor", CudnnBindings.cudnnSetRNNDataDescriptor(d,
                    CudnnBindings.CUDNN_DATA_FLOAT(), CudnnBindings.CUDNN_RNN_DATA_LAYOUT_BATCH_MAJOR_UNPACKED(),
                    maxLen, lengths.length, vectorSize, tmp.allocateFrom(ValueLayout.JAVA_INT, lengths),
                    tmp.allocateFrom(ValueLayout.JAVA_FLOAT, 0f)));
        }
        return d;
    }

    private MemorySegment stateDescriptor(Arena arena, int batch) {
        MemorySegment d = descriptor(arena, "cudnnCreateTensorDescriptor", CudnnBindings::cudnnCreateTensorDescriptor,
                CudnnBindings::cudnnDestroyTensorDescriptor);
        try (Arena tmp = Arena.ofConfined()) {
            check("cudnnSetTensorNdDescriptor", CudnnBindings.cudnnSetTensorNdDescriptor(d,
                    CudnnBindings.CUDNN_DATA_FLOAT(), 3,
                    tmp.allocateFrom(ValueLayout.JAVA_INT, layers * directions, batch, hidden),
                    tmp.allocateFrom(ValueLayout.JAVA_INT, batch * hidden, hidden, 1)));
        }
        return d;
    }

    private interface Create {
        int create(MemorySegment slot);
    }

    private interface Destroy {
        int destroy(MemorySegment descriptor);
    }

    /** Creates a cuDNN object whose destruction is tied to {@code owner}'s closing, like device memory. */
    private static MemorySegment descriptor(Arena owner, String call, Create create, Destroy destroy) {
        try (Arena tmp = Arena.ofConfined()) {
            MemorySegment slot = tmp.allocate(ValueLayout.ADDRESS);
            check(call, create.create(slot));
            Consumer<MemorySegment> cleanup = s -> destroy.destroy(MemorySegment.ofAddress(s.address()));
            return MemorySegment.ofAddress(slot.get(ValueLayout.ADDRESS, 0).address()).reinterpret(owner, cleanup);
        }
    }

    private MemorySegment created(String call, Create create) {
        MemorySegment slot = arena.allocate(ValueLayout.ADDRESS);
        check(call, create.create(slot));
        return slot.get(ValueLayout.ADDRESS, 0);
    }

    private static void requireLength(String name, DeviceFloats d, long expected) {
        if (d.length() < expected) {
            throw new IllegalArgumentException(name + " has " + d.length() + " floats on the device; needs "
                    + expected);
        }
    }

    static void check(String call, int status) {
        if (status != CudnnBindings.CUDNN_STATUS_SUCCESS()) {
            MemorySegment s = CudnnBindings.cudnnGetErrorString(status);
            throw new CudaException(call, status,
                    s.equals(MemorySegment.NULL) ? "cuDNN status " + status : s.reinterpret(256).getString(0));
        }
    }

    @Override
    public void close() {
        if (!closed) {
            closed = true;
            device.synchronize();
            CudnnBindings.cudnnDestroyRNNDescriptor(rnn);
            CudnnBindings.cudnnDestroyDropoutDescriptor(dropout);
            CudnnBindings.cudnnDestroy(handle);
            arena.close();
        }
    }
}
