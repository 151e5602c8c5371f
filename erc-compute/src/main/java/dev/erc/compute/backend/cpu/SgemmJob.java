package dev.erc.compute.backend.cpu;

import static dev.erc.compute.backend.cpu.VectorSgemm.MC;
import static dev.erc.compute.backend.cpu.VectorSgemm.NC;
import static dev.erc.compute.backend.cpu.VectorSgemm.NR;

import dev.erc.compute.backend.cpu.VectorSgemm.Product;
import dev.erc.compute.backend.cpu.VectorSgemm.Scratch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntConsumer;

/**
 * A parallel call. Products of many rows whose packed B is small enough to stay in L3 ({@code wholeB} floats) go
 * over all K at once: the threads pack all of B together (in units of {@link #PACK_ROWS} rows of a slice), then
 * take blocks of rows, each over every K slice, the even threads from the top and the odd ones from the bottom, so
 * each thread's rows are contiguous and nobody waits for anybody until the call ends. Larger products go K slice
 * after K slice: the slice's B panels, and, where A is packed, its A blocks, are packed once by whichever threads ask
 * next; then the slice's blocks of C are dealt out, and every thread waits for the slice to be finished before the
 * next one adds to the same C. Where A is packed and has fewer rows than B has columns, a block is a column chunk
 * ({@link VectorSgemm#NC}) by an A block, chunk after chunk, so the B panels of a chunk stay in L2 while every row
 * block passes over them, instead of the whole slice's B, megabytes, coming from L3 or memory for each row block.
 * Otherwise blocks are rows. Blocks shrink towards the end so the threads finish together. Few-row products (a
 * recurrence's steps) deal columns over a shared packed A, or over A where it lies when the one-thread product reads
 * it there.
 */
final class SgemmJob implements IntConsumer {
    /** Rows of B (all its panels) in one unit of the shared packing. */
    private static final int PACK_ROWS = 4 * Packing.ROW_BLOCK;
    final Product product = new Product();
    private final ThreadLocal<Scratch> scratch;
    private final AtomicInteger nextUnit = new AtomicInteger();
    private final AtomicInteger unitsPacked = new AtomicInteger();
    private final AtomicInteger nextTile = new AtomicInteger();
    private final AtomicInteger tilesDone = new AtomicInteger();
    /** The row tiles not yet taken in a whole-K product: first (high half) to end (low half). */
    private final AtomicLong rowsLeft = new AtomicLong();
    /** The most floats of packed B a product may have and still go over all K at once. */
    private final long wholeB;
    private float[] sharedB = new float[0];
    private float[] sharedA = new float[0];
    private boolean byRows;
    /** Blocks of rows over all K, B packed for every slice first (see the class comment). */
    private boolean wholeK;
    /** Column chunks of a slice: more than one only where A is packed (shared, slice by slice). */
    private int chunks;
    /** What a slice deals out ({@link #nextBlock}): row tiles, column tiles, or chunk-by-row-block blocks. */
    private int tiles;
    /** Shared packing units per slice: B's first (none where B came packed or columns are dealt), then A's blocks. */
    private int unitsPerSlice, bUnitsPerSlice;
    private int parts, units, colTiles, maxTilesPerBlock;

    /**
     * A job whose threads pack and multiply in their own {@code scratch}, as the calls they stand in for would, and
     * go over all K at once where B packs into at most {@code wholeB} floats.
     */
    SgemmJob(ThreadLocal<Scratch> scratch, long wholeB) {
        this.scratch = scratch;
        this.wholeB = wholeB;
    }

    /** Sets the job up for the product in {@link #product}, to be split in {@code parts}. */
    void start(int parts) {
        Product p = product;
        this.parts = parts;
        int rowTiles = (p.m + p.mr - 1) / p.mr;
        int rowBlocks = (p.m + p.blockRows() - 1) / p.blockRows();
        colTiles = (p.n + NR - 1) / NR;
        byRows = rowTiles >= 4 * parts || rowTiles >= colTiles;
        bUnitsPerSlice = 0;
        wholeK = false;
        if (byRows) {
            int ncPadded = colTiles * NR;
            if (p.packedB == null) {
                p.packedB(sharedB = grow(sharedB, p.k * ncPadded), ncPadded);
                bUnitsPerSlice = (p.kcEven + PACK_ROWS - 1) / PACK_ROWS;
            }
            // chunks where B's slice is the larger one: A's slice is then streamed once per chunk while a
            // chunk's B stays in L2, instead of B's once per row block while the A block stays hot
            chunks = p.directA || p.n <= p.m ? 1 : (p.n + NC - 1) / NC;
            if (chunks > 1) {
                int mPadded = rowTiles * p.mr;
                p.packedA(sharedA = grow(sharedA, p.k * mPadded), mPadded);
                unitsPerSlice = bUnitsPerSlice + rowBlocks;
                tiles = chunks * rowBlocks;
                maxTilesPerBlock = 1;
            } else {
                // blocks of rows, over all K at once where B is small enough, else slice after slice
                wholeK = (long) p.k * ncPadded <= wholeB;
                unitsPerSlice = bUnitsPerSlice;
                tiles = rowTiles;
                maxTilesPerBlock = p.blockRows() / p.mr;
            }
            units = p.slices() * unitsPerSlice;
        } else {
            tiles = colTiles;
            // a block of columns packs its own B panels: up to MC columns keeps them in L2 with the A block
            maxTilesPerBlock = Math.max(1, MC / NR);
            if (p.directA) {
                // A read where it lies, as the one-thread product reads it: a few rows of A serve every column
                // block from L2, where packing them cost more (40 x 1582 x 200, 2 threads: 112-114 -> 137-149 GFLOP/s)
                unitsPerSlice = units = 0;
            } else {
                int mPadded = rowTiles * p.mr;
                p.packedA(sharedA = grow(sharedA, p.k * mPadded), mPadded);
                unitsPerSlice = rowBlocks;
                units = p.slices() * unitsPerSlice;
            }
        }
        nextUnit.set(0);
        unitsPacked.set(0);
        nextTile.set(0);
        tilesDone.set(0);
        rowsLeft.set(rowTiles);
    }

    private static float[] grow(float[] buffer, int size) {
        return buffer.length < size ? new float[size] : buffer;
    }

    @Override
    public void accept(int part) {
        Product p = product;
        Scratch s = scratch.get();
        if (wholeK) {
            pack(p, units);
            boolean fromTop = part % 2 == 0;
            for (long blk; (blk = nextRows(fromTop)) >= 0; ) {
                p.multiply(s, (int) (blk >>> 32) * p.mr, Math.min(p.m, (int) blk * p.mr), 0, p.n);
            }
            return;
        }
        if (byRows) {
            for (int slice = 0; slice < p.slices(); slice++) {
                rowsOfSlice(p, s, slice);
            }
            return;
        }
        pack(p, units);
        for (long blk; (blk = nextBlock(0)) >= 0; ) {
            int lo = (int) (blk >>> 32) * NR;
            int hi = (int) blk * NR;
            p.multiply(s, 0, p.m, lo, Math.min(p.n, hi), 0, p.slices());
        }
    }

    /** One K slice of a product dealt by rows: its packing, its blocks, then the wait for the other threads. */
    private void rowsOfSlice(Product p, Scratch s, int slice) {
        pack(p, (slice + 1) * unitsPerSlice);
        int rowBlocks = tiles / chunks;
        for (long blk; (blk = nextBlock(slice)) >= 0; ) {
            int lo = (int) (blk >>> 32);
            int hi = (int) blk;
            try {
                if (chunks > 1) {
                    // chunk after chunk, so the threads pass over the same chunk's B panels; the column tiles
                    // are shared out evenly between the chunks
                    int chunk = lo / rowBlocks;
                    int m0 = lo % rowBlocks * p.blockRows();
                    p.multiply(s, m0, Math.min(p.m, m0 + p.blockRows()), chunk * colTiles / chunks * NR,
                            Math.min(p.n, (chunk + 1) * colTiles / chunks * NR), slice, slice + 1);
                } else {
                    p.multiply(s, lo * p.mr, Math.min(p.m, hi * p.mr), 0, p.n, slice, slice + 1);
                }
            } finally {
                // counted even when it failed, so no thread waits for it below
                tilesDone.addAndGet(hi - lo);
            }
        }
        // the next slice adds to the rows other threads may still be adding this slice to
        for (int spins = 0; tilesDone.get() < (slice + 1) * tiles; spins++) {
            WorkerPool.pause(spins);
        }
    }

    /** Packs the shared units below {@code end} that no thread has taken yet, then waits until all are packed. */
    private void pack(Product p, int end) {
        for (int u; (u = nextUnit.get()) < end; ) {
            if (!nextUnit.compareAndSet(u, u + 1)) {
                continue;
            }
            int slice = u / unitsPerSlice;
            int i = u % unitsPerSlice;
            try {
                if (i < bUnitsPerSlice) {
                    p.packBRows(slice, i * PACK_ROWS, (i + 1) * PACK_ROWS, sharedB);
                } else {
                    int block = i - bUnitsPerSlice;
                    p.packABlock(slice, block * p.blockRows(),
                            Math.min(p.blockRows(), p.m - block * p.blockRows()), sharedA);
                }
            } finally {
                // counted even when it failed (operands shorter than their sizes say): the other threads must
                // not wait for it forever, and the pool rethrows the failure when the call ends
                unitsPacked.incrementAndGet();
            }
        }
        // another thread may still be packing its last unit
        for (int spins = 0; unitsPacked.get() < end; spins++) {
            WorkerPool.pause(spins);
        }
    }

    /**
     * The next block of a whole-K product's row tiles, {@code first << 32 | end}, from the top or the bottom of the
     * rows not yet taken, or -1 when all are taken; shrinking as {@link #nextBlock} does.
     */
    private long nextRows(boolean fromTop) {
        while (true) {
            long left = rowsLeft.get();
            int first = (int) (left >>> 32);
            int end = (int) left;
            if (first >= end) {
                return -1;
            }
            int size = blockSize(end - first);
            long rest = fromTop ? (long) (first + size) << 32 | end : (long) first << 32 | (end - size);
            if (rowsLeft.compareAndSet(left, rest)) {
                return fromTop ? (long) first << 32 | (first + size) : (long) (end - size) << 32 | end;
            }
        }
    }

    /** A share of {@code left} tiles between the threads, at most {@code maxTilesPerBlock}. */
    private int blockSize(int left) {
        return Math.min(maxTilesPerBlock, Math.max(1, (left + 2 * parts - 1) / (2 * parts)));
    }

    /**
     * The next block of slice {@code slice}'s tiles, {@code first << 32 | end} (tile numbers within the slice), or
     * -1 when all are taken: a share of what is left between the threads, at most {@code maxTilesPerBlock}, so
     * blocks get smaller towards the end and the threads finish within a small block of each other. The counter
     * runs on over the slices, so a thread late for one slice takes nothing of the next.
     */
    private long nextBlock(int slice) {
        int base = slice * tiles;
        while (true) {
            int at = nextTile.get();
            int left = base + tiles - at;
            if (left <= 0) {
                return -1;
            }
            int size = blockSize(left);
            if (nextTile.compareAndSet(at, at + size)) {
                return (long) (at - base) << 32 | (at - base + size);
            }
        }
    }
}
