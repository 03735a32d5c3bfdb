package org.celebadcgan.eval;

import org.celebadcgan.rng.Seeds;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.stream.IntStream;

/**
 * Sliced Wasserstein distance between two descriptor sets, as Karras et al. 2018 ({@code sliced_wasserstein}):
 * per level, 4 repeats of 128 random unit directions; both sets projected on each, sorted, and the mean absolute
 * difference of the sorted projections taken; reported x10^3 per level and averaged over levels.
 */
public final class SlicedWasserstein {

    /** Direction sets per level. */
    public static final int REPEATS = 4;
    /** Directions per set. */
    public static final int DIRECTIONS = 128;
    /** Directions projected at once: bounds the projection buffers for large sets. */
    private static final int GROUP = 32;

    /**
     * The distance x10^3 per level (finest first) and their average.
     *
     * @param levels  per level
     * @param average the mean of the levels: the number a run is judged by (lower is better)
     */
    public record Result(double[] levels, double average) {
        /** Levels as a list, for metrics and JSON. */
        public java.util.List<Double> levelList() {
            return Arrays.stream(levels).boxed().toList();
        }
    }

    private SlicedWasserstein() {
    }

    /** SWD between {@code a} and {@code b} (equal sizes), directions drawn from {@code seed}. */
    public static Result distance(DescriptorSet a, DescriptorSet b, long seed) {
        if (a.count() != b.count() || a.levels() != b.levels()) {
            throw new IllegalArgumentException("SWD needs equal sets: " + a.images() + " and " + b.images()
                    + " images");
        }
        double[] levels = new double[a.levels()];
        for (int l = 0; l < levels.length; l++) {
            double[][] dirs = new double[REPEATS][];
            for (int r = 0; r < REPEATS; r++) {
                SplittableRandom rng = new SplittableRandom(Seeds.evaluation(seed, l, r));
                dirs[r] = new double[Neighbourhoods.LENGTH * DIRECTIONS];
                for (int i = 0; i < dirs[r].length; i++) {
                    dirs[r][i] = rng.nextGaussian();
                }
            }
            levels[l] = levelDistance(a.level(l), b.level(l), a.count(), dirs) * 1e3;
        }
        return new Result(levels, Arrays.stream(levels).average().orElseThrow());
    }

    /**
     * One level: the mean over repeats of the mean |sorted(A d) - sorted(B d)| over descriptors and directions.
     * {@code rawDirections[r]} is [component][direction] row-major; each direction is normalised to unit length.
     */
    static double levelDistance(float[] a, float[] b, int count, double[][] rawDirections) {
        int len = Neighbourhoods.LENGTH;
        INDArray da = Nd4j.create(a, new long[]{count, len}, 'c');
        INDArray db = Nd4j.create(b, new long[]{count, len}, 'c');
        ThreadLocal<FloatRadixSort> sorters = ThreadLocal.withInitial(() -> new FloatRadixSort(count));
        double total = 0;
        for (double[] raw : rawDirections) {
            float[] unit = unitColumns(raw, len, DIRECTIONS);
            INDArray dirs = Nd4j.create(unit, new long[]{len, DIRECTIONS}, 'c');
            double sum = 0;
            for (int g = 0; g < DIRECTIONS; g += GROUP) {
                INDArray group = dirs.get(org.nd4j.linalg.indexing.NDArrayIndex.all(),
                        org.nd4j.linalg.indexing.NDArrayIndex.interval(g, g + GROUP)).dup('c');
                float[] pa = project(group, da);
                float[] pb = project(group, db);
                group.close();
                sum += IntStream.range(0, GROUP).parallel().mapToDouble(d -> {
                    int from = d * count;
                    FloatRadixSort sorter = sorters.get();
                    sorter.sort(pa, from, count);
                    sorter.sort(pb, from, count);
                    double s = 0;
                    for (int i = from; i < from + count; i++) {
                        s += Math.abs(pa[i] - pb[i]);
                    }
                    return s;
                }).sum();
            }
            dirs.close();
            total += sum / ((double) count * DIRECTIONS);
        }
        da.close();
        db.close();
        return total / rawDirections.length;
    }

    /**
     * Each direction's projections, one direction after another: descriptors x directions into a column-major
     * result, whose columns (one per direction) are contiguous, as BLAS writes them.
     */
    private static float[] project(INDArray dirs, INDArray descriptors) {
        INDArray p = Nd4j.create(DataType.FLOAT, new long[]{descriptors.rows(), dirs.columns()}, 'f');
        Nd4j.gemm(descriptors, dirs, p, false, false, 1.0, 0.0);
        float[] out = p.data().asFloat();
        p.close(); // off-heap buffers go back now, not when a GC of the (large, quiet) heap finds them
        return out;
    }

    /** Columns scaled to unit length in double, then rounded to float (as the reference does). */
    static float[] unitColumns(double[] raw, int rows, int cols) {
        float[] out = new float[raw.length];
        for (int c = 0; c < cols; c++) {
            double sq = 0;
            for (int r = 0; r < rows; r++) {
                sq += raw[r * cols + c] * raw[r * cols + c];
            }
            double norm = Math.sqrt(sq);
            for (int r = 0; r < rows; r++) {
                out[r * cols + c] = (float) (raw[r * cols + c] / norm);
            }
        }
        return out;
    }
}
