package org.celebadcgan.train;

import org.celebadcgan.data.BatchMaker;
import org.celebadcgan.data.PackedImages;
import org.celebadcgan.model.GanPair;
import org.celebadcgan.rng.GaussianNoise;
import org.celebadcgan.rng.Seeds;
import org.celebadcgan.sync.RingOrderMean;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

import java.util.List;
import java.util.function.Function;

/**
 * Gradients mode's N workers in one thread, built from GanStep's pieces rather than its reducer seam: each worker's
 * own micro-batches and noise (seeded as RoundRunner seeds them) and own BatchNorm statistics; every step D's
 * gradients are replaced by their ring-order mean before each worker's Adam step on D, then G's likewise, bucket by
 * bucket (train.GradientBuckets: each bucket is one all-reduce, so its own ring order); the running statistics are
 * averaged in ring order at the end. What the ring transport must match.
 */
public final class GradientSharingSimulation {

    private GradientSharingSimulation() {
    }

    /** Worker 0's state after training {@code start} to step {@code total} on {@code shards} (shard r: worker r). */
    public static TrainingState run(RoundPlan plan, TrainingState start, List<PackedImages> shards, long total,
                                    long bucketBytes) {
        int n = shards.size();
        GanStep[] w = new GanStep[n];
        BatchMaker[] batches = new BatchMaker[n];
        for (int r = 0; r < n; r++) {
            w[r] = new GanStep(GanPair.create(plan.model(), 0), plan.adam(), z -> {
                throw new IllegalStateException("noise not set");
            });
            w[r].importState(start);
            w[r].setGradientReducer(GradientReducer.LOCAL, bucketBytes);
            batches[r] = new BatchMaker(shards.get(r), plan.workerBatch(), plan.seed(), r);
        }
        long step = start.step();
        long round = start.round();
        while (step < total) {
            int steps = (int) Math.min(plan.stepsPerRound(), total - step);
            for (int r = 0; r < n; r++) {
                w[r].setNoise(new GaussianNoise(Seeds.noise(plan.seed(), round, r)));
            }
            for (int k = 0; k < steps; k++) {
                for (int r = 0; r < n; r++) {
                    w[r].discriminatorGradient(batches[r].batchAt(step + k));
                }
                ringMean(w, GanStep::discriminatorGradientView, w[0].discriminatorBuckets());
                for (GanStep s : w) {
                    s.applyDiscriminatorGradient();
                }
                for (GanStep s : w) {
                    s.generatorGradient();
                }
                ringMean(w, GanStep::generatorGradientView, w[0].generatorBuckets());
                for (GanStep s : w) {
                    s.applyGeneratorGradient();
                    s.endStep();
                }
            }
            for (GanStep s : w) {
                s.takeFigures();
            }
            step += steps;
            round++;
        }
        float[][] stats = new float[n][];
        for (int r = 0; r < n; r++) {
            stats[r] = w[r].runningStatistics();
        }
        w[0].setRunningStatistics(RingOrderMean.of(stats));
        return w[0].exportState(round);
    }

    /** Every worker's {@code view} replaced by the workers' ring-order mean, one bucket at a time. */
    private static void ringMean(GanStep[] w, Function<GanStep, INDArray> view, GradientBuckets buckets) {
        for (int b = 0; b < buckets.count(); b++) {
            var range = NDArrayIndex.interval(buckets.from(b), buckets.to(b));
            float[][] values = new float[w.length][];
            for (int r = 0; r < w.length; r++) {
                values[r] = view.apply(w[r]).get(range).toFloatVector();
            }
            INDArray mean = Nd4j.createFromArray(RingOrderMean.of(values));
            for (GanStep s : w) {
                view.apply(s).get(range).assign(mean);
            }
        }
    }
}
