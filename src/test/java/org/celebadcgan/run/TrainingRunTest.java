package org.celebadcgan.run;

import org.celebadcgan.data.PackedImages;
import org.celebadcgan.model.Architecture;
import org.celebadcgan.model.GanPair;
import org.celebadcgan.model.ModelSpec;
import org.celebadcgan.testutil.LocalRoundTrainer;
import org.celebadcgan.testutil.States;
import org.celebadcgan.train.AdamSettings;
import org.celebadcgan.train.GanStep;
import org.celebadcgan.train.RoundPlan;
import org.celebadcgan.train.StepResult;
import org.celebadcgan.train.TrainingState;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The run loop: segments end at round ends reaching state points; every listener hears every round. */
class TrainingRunTest {

    static final ModelSpec SMALL = new ModelSpec(Architecture.PAPER, 8, 4, 4);

    /** Records what it hears; wants the state every {@code every} steps. */
    static final class Recorder implements RunListener {
        final int every;
        final List<String> heard = new ArrayList<>();

        Recorder(int every) {
            this.every = every;
        }

        @Override
        public void started(TrainingState start) {
            heard.add("started " + start.step());
        }

        @Override
        public void roundEnded(RoundEvent e) {
            heard.add("round " + e.round() + " step " + e.step() + (e.last() ? " last" : ""));
        }

        @Override
        public long nextStatePoint(long step) {
            return every == 0 ? Long.MAX_VALUE : RunListener.nextMultiple(step, every);
        }

        @Override
        public void stateReached(TrainingState state, RoundEvent last) {
            heard.add("state " + state.step());
        }
    }

    /** A state with no arrays at {@code step}: for listeners that only read where the run is. */
    static TrainingState at(long step) {
        float[] none = new float[0];
        return new TrainingState(none, none, none, none, none, none, step, 0);
    }

    static TrainingState initial() {
        return new GanStep(GanPair.create(SMALL, 3), AdamSettings.dcgan(), z -> { }).exportState(0);
    }

    static LocalRoundTrainer trainer(int k) {
        PackedImages all = PackedImages.generatedFaces(32, 1);
        List<PackedImages> shards = List.of(new PackedImages(List.of(all.get(0), all.get(1), all.get(2),
                all.get(3), all.get(4), all.get(5), all.get(6), all.get(7))), new PackedImages(List.of(all.get(8),
                all.get(9), all.get(10), all.get(11), all.get(12), all.get(13), all.get(14), all.get(15))));
        return new LocalRoundTrainer(new RoundPlan(SMALL, AdamSettings.dcgan(), 4, 9, k), shards);
    }

    static RoundEvent event(org.celebadcgan.train.RoundReport r, long total) {
        return new RoundEvent(r.step(), total, r.round(), 1, r.steps(), r.workers(), r.steps() * 8L, r.figures(),
                r.wallMs(), r.computeMsMax(), r.computeMsMedian(), r.syncMs(), r.bytesMoved());
    }

    @Test
    void segmentsEndAtTheRoundThatReachesTheNearestStatePoint() {
        List<RunListener> every5 = List.of(new Recorder(5), new Recorder(0));
        assertEquals(6, TrainingRun.segmentEnd(0, every5, 3, 100), "rounds of 3: step 5 is reached by round 2");
        assertEquals(12, TrainingRun.segmentEnd(6, every5, 3, 100));
        assertEquals(11, TrainingRun.segmentEnd(6, every5, 3, 11), "never past the end");
        assertEquals(100, TrainingRun.segmentEnd(0, List.of(new Recorder(0)), 3, 100), "no points: one segment");
        assertEquals(5, TrainingRun.segmentEnd(4, every5, 1, 100));
    }

    @Test
    void everyListenerHearsEveryRoundAndGetsTheStateAtItsPointsAndTheEnd() throws Exception {
        Recorder grids = new Recorder(4);
        Recorder logs = new Recorder(0);
        TrainingState end = TrainingRun.train(trainer(3), initial(), 10, List.of(grids, logs), () -> { },
                r -> event(r, 10));
        assertEquals(10, end.step());
        assertEquals(4, end.round(), "rounds of 3, 3, 3, 1");
        assertEquals(List.of("started 0", "round 1 step 3", "round 2 step 6", "state 6", "round 3 step 9",
                "state 9", "round 4 step 10 last", "state 10"), grids.heard);
        assertEquals(List.of("started 0", "round 1 step 3", "round 2 step 6", "round 3 step 9",
                "round 4 step 10 last", "state 10"), logs.heard, "no points of its own: the end only");
    }

    @Test
    void segmentsChangeNothingButWhenTheDriverHoldsTheState() throws Exception {
        TrainingState withPoints = TrainingRun.train(trainer(2), initial(), 8, List.of(new Recorder(3)), () -> { },
                r -> event(r, 8));
        TrainingState straight = TrainingRun.train(trainer(2), initial(), 8, List.of(new Recorder(0)), () -> { },
                r -> event(r, 8));
        States.assertSame(straight, withPoints, "rounds are the same whatever the segments");
    }

    @Test
    void roundsReportedAtTheSegmentsEndAreTimedByTheirOwnWallTimes() throws Exception {
        long[] wall = {0};
        // Like the ring: each round takes 1 s on the wall clock, and all are reported when the segment ends.
        org.celebadcgan.train.RoundTrainer late = new org.celebadcgan.train.RoundTrainer() {
            @Override
            public TrainingState train(TrainingState s, long target, java.util.function.Consumer<
                    org.celebadcgan.train.RoundReport> onRound) {
                List<org.celebadcgan.train.RoundReport> reports = new ArrayList<>();
                long step = s.step();
                for (long round = s.round() + 1; step < target; round++) {
                    wall[0] += 1_000_000_000L;
                    step += 2;
                    reports.add(new org.celebadcgan.train.RoundReport(round, step, 2, 1,
                            new StepResult(1, 1, 0.5, 0.5, 0.5), 1000, 900, 900, 0));
                }
                reports.forEach(onRound);
                return new TrainingState(s.g(), s.d(), s.gM(), s.gV(), s.dM(), s.dV(), step, s.round()
                        + reports.size());
            }

            @Override
            public int stepsPerRound() {
                return 2;
            }

            @Override
            public boolean reportsAsRoundsEnd() {
                return false;
            }
        };
        RoundClock clock = new RoundClock(() -> wall[0]);
        List<Double> seconds = new ArrayList<>();
        IntervalFigures figures = new IntervalFigures(clock);
        RunListener timer = new RunListener() {
            @Override
            public void roundEnded(RoundEvent e) {
                figures.add(e);
                seconds.add(figures.seconds());
                figures.close(e);
            }

            @Override
            public long nextStatePoint(long step) {
                return RunListener.nextMultiple(step, 8);
            }
        };
        TrainingRun.train(late, at(0), 16, List.of(timer), () -> { }, r -> event(r, 16), clock);
        // Two segments of 4 rounds: every round is 1 s, not 4 s for the first of a burst and 0 for the others.
        assertEquals(List.of(1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0), seconds);
        assertEquals(8_000_000_000L, clock.getAsLong(), "the wall clock again after each segment");
    }

    @Test
    void theGuardRunsBeforeListenersWriteAndStopsTheRun() {
        Recorder r = new Recorder(0);
        int[] rounds = {0};
        var e = assertThrows(IllegalStateException.class, () -> TrainingRun.train(trainer(2), initial(), 8,
                List.of(r), () -> {
                    if (++rounds[0] == 2) {
                        throw new IllegalStateException("lost the lease");
                    }
                }, ev -> event(ev, 8)));
        assertTrue(e.getMessage().contains("lost the lease"));
        assertEquals(List.of("started 0", "round 1 step 2"), r.heard, "nothing heard after the guard fired");
    }

    @Test
    void roundEventsSayWhenAnIntervalIsReached() {
        RoundEvent e = new RoundEvent(12, 100, 3, 1, 4, 2, 32, new StepResult(1, 1, 1, 1, 1), 1, 1, 1, 0, 0);
        assertTrue(e.reaches(10), "steps 9-12 include 10");
        assertTrue(!e.reaches(5) || e.step() / 5 > 8 / 5, "10 is a multiple of 5");
        assertTrue(!e.reaches(7), "no multiple of 7 in 9-12");
        assertTrue(new RoundEvent(100, 100, 25, 1, 4, 2, 32, e.figures(), 1, 1, 1, 0, 0).reaches(7), "the last");
    }
}
