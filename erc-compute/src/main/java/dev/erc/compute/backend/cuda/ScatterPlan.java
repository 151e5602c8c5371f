package dev.erc.compute.backend.cuda;

import java.lang.foreign.Arena;
import java.util.Arrays;

/**
 * The inverse of an index, built on the host where the index already is: for each distinct target, the positions
 * that add into it, in increasing order. A scatter-add through it ({@link DeviceKernels#scatterAdd}) has one thread
 * per target summing its contributions in that order, so duplicates add up the same way on every run (atomics
 * would not).
 *
 * @param target the distinct targets, increasing
 * @param start  where each target's positions begin in {@code order} ({@code target.length + 1} entries)
 * @param order  the contributing positions, grouped by target
 */
public record ScatterPlan(int[] target, int[] start, int[] order) {

    /** The plan for "position {@code i} adds into {@code targetOf[i]}". */
    public static ScatterPlan of(int[] targetOf) {
        int n = targetOf.length;
        Integer[] byTarget = new Integer[n];
        for (int i = 0; i < n; i++) {
            byTarget[i] = i;
        }
        Arrays.sort(byTarget, (a, b) -> targetOf[a] != targetOf[b] ? Integer.compare(targetOf[a], targetOf[b])
                : Integer.compare(a, b));
        int[] order = new int[n];
        int[] targets = new int[n];
        int[] start = new int[n + 1];
        int t = -1;
        for (int k = 0; k < n; k++) {
            int pos = byTarget[k];
            order[k] = pos;
            if (t < 0 || targetOf[pos] != targets[t]) {
                t++;
                targets[t] = targetOf[pos];
                start[t] = k;
            }
        }
        start[t + 1] = n;
        return new ScatterPlan(Arrays.copyOf(targets, t + 1), Arrays.copyOf(start, t + 2), order);
    }

    /** The plan's arrays on the device, freed with {@code arena}. */
    public OnDevice upload(CudaDevice device, Arena arena) {
        return new OnDevice(target.length, device.upload(arena, target), device.upload(arena, start),
                device.upload(arena, order));
    }

    /** A plan copied to the device. */
    public record OnDevice(int targets, DeviceInts target, DeviceInts start, DeviceInts order) {
    }
}
