package dev.erc.compute.backend.cuda;

import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The mapping between our PyTorch-named recurrent parameters and cuDNN's weight space, on the CPU: a layout whose
 * blocks cuDNN places in an order and with gaps of its own choosing still puts gate {@code g} of each matrix where
 * cuDNN says linear layer {@code g} (or {@code gates + g}) lives, and packing then unpacking gives back every value.
 */
class RnnWeightLayoutTest {

    private static final int IN = 7;
    private static final int H = 5;

    /** Blocks placed in reverse order of (pseudo-layer, id), each followed by a gap of 3 floats. */
    private static RnnWeightLayout scrambled(RnnWeightLayout.Cell cell, int layers, boolean bi) {
        int dirs = bi ? 2 : 1;
        int ids = 2 * cell.gates;
        long[] matrixAt = new long[layers * dirs * ids];
        long[] biasAt = new long[matrixAt.length];
        long offset = 0;
        for (int k = matrixAt.length - 1; k >= 0; k--) {
            int pseudo = k / ids;
            int id = k % ids;
            int in = pseudo / dirs == 0 ? IN : H * dirs;
            biasAt[k] = offset;
            offset += H + 3;
            matrixAt[k] = offset;
            offset += (long) H * (id >= cell.gates ? H : in) + 3;
        }
        long size = offset;
        return RnnWeightLayout.of(cell, IN, H, layers, bi, size, (pseudo, id) -> {
            int k = pseudo * ids + id;
            int in = pseudo / dirs == 0 ? IN : H * dirs;
            return new RnnWeightLayout.Located(matrixAt[k], (long) H * (id >= cell.gates ? H : in), biasAt[k], H);
        });
    }

    private static Map<String, float[]> numbered(RnnWeightLayout.Cell cell, int layers, boolean bi) {
        Map<String, float[]> params = new LinkedHashMap<>();
        int base = 0;
        for (Map.Entry<String, Integer> e : RnnWeightLayout.parameterSizes(cell, IN, H, layers, bi).entrySet()) {
            float[] v = new float[e.getValue()];
            for (int i = 0; i < v.length; i++) {
                v[i] = base + i;
            }
            base += 100_000;
            params.put(e.getKey(), v);
        }
        return params;
    }

    @Test
    void packingThenUnpackingGivesBackEveryParameter() {
        for (RnnWeightLayout.Cell cell : RnnWeightLayout.Cell.values()) {
            RnnWeightLayout layout = scrambled(cell, 2, true);
            Map<String, float[]> params = numbered(cell, 2, true);
            Map<String, float[]> back = layout.unpack(layout.pack(params));
            assertEquals(params.keySet(), back.keySet());
            params.forEach((name, v) -> assertArrayEquals(v, back.get(name), cell + " " + name));
        }
    }

    @Test
    void eachGateLandsWhereCudnnSaysItsLinearLayerLives() {
        RnnWeightLayout.Cell cell = RnnWeightLayout.Cell.LSTM;
        RnnWeightLayout layout = scrambled(cell, 2, true);
        Map<String, float[]> params = numbered(cell, 2, true);
        float[] space = layout.pack(params);
        // Pseudo-layer 3 = layer 1, reverse direction; linear layer 6 = recurrent matrix of gate 2 (g, PyTorch order).
        RnnWeightLayout.Located at = locate(layout, "weight_hh_l1_reverse", 2L * H * H);
        float[] whh = params.get("weight_hh_l1_reverse");
        for (int i = 0; i < H * H; i++) {
            assertEquals(whh[2 * H * H + i], space[(int) at.matrixOffset() + i]);
        }
        // Linear layer 1 of pseudo-layer 0: gate f's input bias.
        RnnWeightLayout.Located bias = locate(layout, "bias_ih_l0", H);
        for (int i = 0; i < H; i++) {
            assertEquals(params.get("bias_ih_l0")[H + i], space[(int) bias.matrixOffset() + i]);
        }
        // The gaps between blocks stay zero.
        long covered = layout.blocks().stream().mapToLong(RnnWeightLayout.Block::length).sum();
        assertTrue(covered < space.length);
    }

    private static RnnWeightLayout.Located locate(RnnWeightLayout layout, String parameter, long parameterOffset) {
        for (RnnWeightLayout.Block b : layout.blocks()) {
            if (b.parameter().equals(parameter) && b.parameterOffset() == parameterOffset) {
                return new RnnWeightLayout.Located(b.spaceOffset(), b.length(), -1, -1);
            }
        }
        throw new AssertionError("no block " + parameter + " @" + parameterOffset);
    }

    @Test
    void aBlockOfTheWrongSizeOrOverlappingAnotherIsRefused() {
        IllegalStateException size = assertThrows(IllegalStateException.class, () ->
                RnnWeightLayout.of(RnnWeightLayout.Cell.GRU, IN, H, 1, false, 10_000,
                        (p, id) -> new RnnWeightLayout.Located(id * 200L, H * IN, id * 200L + 100, H)));
        assertTrue(size.getMessage().contains("linear layer 3 matrix (weight_hh_l0); expected 25"), size.getMessage());
        IllegalStateException overlap = assertThrows(IllegalStateException.class, () ->
                RnnWeightLayout.of(RnnWeightLayout.Cell.GRU, IN, H, 1, false, 10_000,
                        (p, id) -> new RnnWeightLayout.Located(id * 10L, (long) H * (id >= 3 ? H : IN), 5000 + id * H,
                                H)));
        assertTrue(overlap.getMessage().startsWith("cuDNN weight blocks overlap"), overlap.getMessage());
    }

    @Test
    void parametersOfTheWrongSizeAreRefusedByName() {
        RnnWeightLayout layout = scrambled(RnnWeightLayout.Cell.GRU, 1, false);
        Map<String, float[]> params = numbered(RnnWeightLayout.Cell.GRU, 1, false);
        params.put("bias_hh_l0", new float[4]);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> layout.pack(params));
        assertEquals("bias_hh_l0 has 4 values; expected 15", e.getMessage());
    }
}
