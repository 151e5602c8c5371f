package dev.erc.compute.backend.cuda;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Where each of our PyTorch-named recurrent parameters ({@code weight_ih_l0}, {@code bias_hh_l0_reverse}, ...) lives
 * in cuDNN's flat weight space, so that a model trained on one backend loads on the other.
 *
 * <p>cuDNN addresses its weights per pseudo-layer ({@code layer * directions + direction}) and per linear layer
 * ({@code linLayerID}): for an LSTM ids 0-3 are the input matrices of gates i, f, g, o and 4-7 their recurrent
 * matrices; for a GRU 0-2 are r, z, n and 3-5 the recurrent ones. That is PyTorch's gate order, so gate {@code g} of
 * {@code weight_ih_lK} is the row block {@code [g·H, (g+1)·H)}, a row-major {@code H × inputSize} matrix, which cuDNN
 * stores contiguously too. With the double bias (PyTorch's mode) each linear layer has its own bias: ids below the
 * gate count take {@code bias_ih}, the rest {@code bias_hh}. The offsets come from cuDNN itself
 * ({@code cudnnGetRNNWeightParams}, through a {@link Locator}); this class checks them and copies.
 */
public final class RnnWeightLayout {

    /** The recurrent cells cuDNN and our layers share. */
    public enum Cell {
        LSTM(4), GRU(3);

        /** Gates per cell (PyTorch's {@code gate_size / hidden_size}). */
        public final int gates;

        Cell(int gates) {
            this.gates = gates;
        }
    }

    /**
     * One contiguous run: {@code length} floats of {@code parameter} starting at {@code parameterOffset} sit at
     * {@code spaceOffset} of the weight space.
     */
    public record Block(String parameter, long parameterOffset, long length, long spaceOffset) {
    }

    /** Where cuDNN keeps one linear layer's matrix and bias: float offsets into the weight space and lengths. */
    public record Located(long matrixOffset, long matrixLength, long biasOffset, long biasLength) {
    }

    /** Asks cuDNN (or, in tests, anything else) where a linear layer lives. */
    @FunctionalInterface
    public interface Locator {
        Located locate(int pseudoLayer, int linLayerId);
    }

    private final Map<String, Integer> parameterSizes;
    private final List<Block> blocks;
    private final long spaceSize;

    private RnnWeightLayout(Map<String, Integer> parameterSizes, List<Block> blocks, long spaceSize) {
        this.parameterSizes = parameterSizes;
        this.blocks = List.copyOf(blocks);
        this.spaceSize = spaceSize;
    }

    /**
     * The layout of an {@code layers}-layer network, checked: every block has the length our parameter needs, lies
     * inside the {@code spaceSize} floats of the weight space, and no two blocks overlap.
     */
    public static RnnWeightLayout of(Cell cell, int inputSize, int hidden, int layers, boolean bidirectional,
                                     long spaceSize, Locator locator) {
        int dirs = bidirectional ? 2 : 1;
        Map<String, Integer> sizes = parameterSizes(cell, inputSize, hidden, layers, bidirectional);
        List<Block> blocks = new ArrayList<>();
        for (int l = 0; l < layers; l++) {
            int in = l == 0 ? inputSize : hidden * dirs;
            for (int d = 0; d < dirs; d++) {
                String suffix = "_l" + l + (d == 1 ? "_reverse" : "");
                for (int id = 0; id < 2 * cell.gates; id++) {
                    boolean recurrent = id >= cell.gates;
                    int gate = id % cell.gates;
                    int cols = recurrent ? hidden : in;
                    Located at = locator.locate(l * dirs + d, id);
                    String where = "pseudo-layer " + (l * dirs + d) + ", linear layer " + id;
                    blocks.add(block(where + " matrix", (recurrent ? "weight_hh" : "weight_ih") + suffix,
                            (long) gate * hidden * cols, (long) hidden * cols, at.matrixOffset(), at.matrixLength()));
                    blocks.add(block(where + " bias", (recurrent ? "bias_hh" : "bias_ih") + suffix,
                            (long) gate * hidden, hidden, at.biasOffset(), at.biasLength()));
                }
            }
        }
        List<Block> bySpace = new ArrayList<>(blocks);
        bySpace.sort(Comparator.comparingLong(Block::spaceOffset));
        long end = 0;
        for (Block b : bySpace) {
            if (b.spaceOffset() < end) {
                throw new IllegalStateException("cuDNN weight blocks overlap at float " + b.spaceOffset() + " ("
                        + b.parameter() + ")");
            }
            end = b.spaceOffset() + b.length();
        }
        if (end > spaceSize) {
            throw new IllegalStateException("cuDNN weight blocks end at float " + end + ", past the weight space of "
                    + spaceSize);
        }
        return new RnnWeightLayout(sizes, blocks, spaceSize);
    }

    private static Block block(String where, String parameter, long parameterOffset, long expected, long offset,
                               long length) {
        if (length != expected) {
            throw new IllegalStateException("cuDNN reports " + length + " floats for " + where + " (" + parameter
                    + "); expected " + expected);
        }
        if (offset < 0) {
            throw new IllegalStateException("cuDNN reports a negative offset for " + where);
        }
        return new Block(parameter, parameterOffset, length, offset);
    }

    /** Our parameters' names and float counts, in the order the layers declare them. */
    public static Map<String, Integer> parameterSizes(Cell cell, int inputSize, int hidden, int layers,
                                                      boolean bidirectional) {
        int dirs = bidirectional ? 2 : 1;
        int gh = cell.gates * hidden;
        Map<String, Integer> sizes = new LinkedHashMap<>();
        for (int l = 0; l < layers; l++) {
            int in = l == 0 ? inputSize : hidden * dirs;
            for (int d = 0; d < dirs; d++) {
                String suffix = "_l" + l + (d == 1 ? "_reverse" : "");
                sizes.put("weight_ih" + suffix, gh * in);
                sizes.put("weight_hh" + suffix, gh * hidden);
                sizes.put("bias_ih" + suffix, gh);
                sizes.put("bias_hh" + suffix, gh);
            }
        }
        return sizes;
    }

    /** The blocks, in parameter order. */
    public List<Block> blocks() {
        return blocks;
    }

    /** Floats in cuDNN's weight space. */
    public long spaceSize() {
        return spaceSize;
    }

    /** The weight space holding {@code parameters} (by PyTorch name; every one required, none extra). */
    public float[] pack(Map<String, float[]> parameters) {
        if (!parameters.keySet().equals(parameterSizes.keySet())) {
            throw new IllegalArgumentException("recurrent parameters " + parameters.keySet() + " do not match "
                    + parameterSizes.keySet());
        }
        for (Map.Entry<String, Integer> e : parameterSizes.entrySet()) {
            if (parameters.get(e.getKey()).length != e.getValue()) {
                throw new IllegalArgumentException(e.getKey() + " has " + parameters.get(e.getKey()).length
                        + " values; expected " + e.getValue());
            }
        }
        float[] space = new float[Math.toIntExact(spaceSize)];
        for (Block b : blocks) {
            System.arraycopy(parameters.get(b.parameter()), (int) b.parameterOffset(), space, (int) b.spaceOffset(),
                    (int) b.length());
        }
        return space;
    }

    /** Our parameters (or their gradients) read back out of a weight space. */
    public Map<String, float[]> unpack(float[] space) {
        if (space.length != spaceSize) {
            throw new IllegalArgumentException("weight space of " + space.length + " floats; expected " + spaceSize);
        }
        Map<String, float[]> out = new LinkedHashMap<>();
        parameterSizes.forEach((name, size) -> out.put(name, new float[size]));
        for (Block b : blocks) {
            System.arraycopy(space, (int) b.spaceOffset(), out.get(b.parameter()), (int) b.parameterOffset(),
                    (int) b.length());
        }
        return out;
    }
}
