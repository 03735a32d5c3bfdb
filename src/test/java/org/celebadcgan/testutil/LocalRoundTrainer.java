package org.celebadcgan.testutil;

import org.celebadcgan.data.PackedImages;
import org.celebadcgan.train.RoundPlan;
import org.celebadcgan.train.RoundReport;
import org.celebadcgan.train.RoundResult;
import org.celebadcgan.train.RoundRunner;
import org.celebadcgan.train.RoundTrainer;
import org.celebadcgan.train.TrainingState;

import java.util.List;
import java.util.function.Consumer;

/** The worker code of a round for N workers, one after the other in this thread: a trainer without Spark. */
public final class LocalRoundTrainer implements RoundTrainer {

    private final RoundPlan plan;
    private final List<PackedImages> shards;

    public LocalRoundTrainer(RoundPlan plan, List<PackedImages> shards) {
        this.plan = plan;
        this.shards = shards;
    }

    @Override
    public int stepsPerRound() {
        return plan.stepsPerRound();
    }

    @Override
    public TrainingState train(TrainingState state, long targetStep, Consumer<RoundReport> onRound) {
        // One OpenMP thread, as a Spark task with spark.task.cpus = 1: also immune to spin-waiting on a busy machine.
        org.nd4j.linalg.factory.Nd4j.getExecutioner();
        var ops = org.nd4j.nativeblas.NativeOpsHolder.getInstance().getDeviceNativeOps();
        ops.setOmpNumThreads(1);
        try {
            return rounds(state, targetStep, onRound);
        } finally {
            ops.setOmpNumThreads(Runtime.getRuntime().availableProcessors());
        }
    }

    private TrainingState rounds(TrainingState state, long targetStep, Consumer<RoundReport> onRound) {
        TrainingState s = state;
        while (s.step() < targetStep) {
            int steps = (int) Math.min(plan.stepsPerRound(), targetStep - s.step());
            RoundResult sum = new RoundResult();
            for (int w = 0; w < shards.size(); w++) {
                sum = sum.add(RoundRunner.run(plan, s, steps, w, shards.get(w)), plan.sync());
            }
            s = plan.sync().next(s, sum.contribution(), shards.size(), steps);
            onRound.accept(new RoundReport(s.round(), s.step(), steps, shards.size(), sum.meanFigures(), 1.0,
                    sum.maxComputeMs(), sum.medianComputeMs(), 0));
        }
        return s;
    }
}
