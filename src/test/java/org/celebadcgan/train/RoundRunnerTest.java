package org.celebadcgan.train;

import org.celebadcgan.data.PackedImages;
import org.celebadcgan.model.Architecture;
import org.celebadcgan.model.GanPair;
import org.celebadcgan.model.ModelSpec;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/** The worker side of a round: cached networks never carry one run's settings into another. */
class RoundRunnerTest {

    static final ModelSpec SMALL = new ModelSpec(Architecture.PAPER, 8, 4, 4);

    @Test
    void twoRunsWithOtherAdamSettingsInOneThreadDoNotShareAnUpdater() {
        PackedImages shard = PackedImages.generatedFaces(16, 2);
        TrainingState start = new GanStep(GanPair.create(SMALL, 1), AdamSettings.dcgan(), z -> { }).exportState(0);
        AdamSettings slow = new AdamSettings(1e-5, 0.5, 0.999, 1e-8);
        RoundPlan dcgan = new RoundPlan(SMALL, AdamSettings.dcgan(), 4, 3, 2);
        RoundPlan other = new RoundPlan(SMALL, slow, 4, 3, 2);

        float[] first = RoundRunner.run(dcgan, start, 2, 0, shard).contribution()[0];
        float[] second = RoundRunner.run(other, start, 2, 0, shard).contribution()[0]; // same thread, cache warm
        float[][] reference = new float[1][];
        Thread t = new Thread(() -> reference[0] = RoundRunner.run(other, start, 2, 0, shard).contribution()[0]);
        t.start(); // a fresh thread has a fresh cache: the reference for the slow settings
        try {
            t.join();
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
        assertArrayEquals(reference[0], second, "the second run used its own Adam settings");
        assertFalse(java.util.Arrays.equals(first, second), "the settings differ, so must the results");
    }
}
