package org.celebadcgan.train;

import org.celebadcgan.data.BatchMaker;
import org.celebadcgan.data.PackedImages;
import org.celebadcgan.model.Architecture;
import org.celebadcgan.model.GanPair;
import org.celebadcgan.model.ModelSpec;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The single-process trainer: reproducible, logs the tutorial's figures, calls back every step. */
class SingleProcessTrainerTest {

    private static final ModelSpec SMALL = new ModelSpec(Architecture.PAPER, 16, 8, 8);

    private static INDArray train(long seed, List<String> log, List<Long> steps) {
        GanPair pair = GanPair.create(SMALL, seed);
        BatchMaker batches = new BatchMaker(PackedImages.generatedFaces(24, seed), 8, seed);
        SingleProcessTrainer trainer = new SingleProcessTrainer(pair, AdamSettings.dcgan(), seed, 2, batches, 3,
                log::add);
        StepResult last = trainer.train(6, (s, r) -> steps.add(s));
        assertTrue(last.isFinite());
        return pair.generator().params().dup();
    }

    @Test
    void sameSeedReproducesTheRunAndLogsEveryInterval() {
        List<String> log = new ArrayList<>();
        List<Long> steps = new ArrayList<>();
        INDArray a = train(3, log, steps);
        INDArray b = train(3, new ArrayList<>(), new ArrayList<>());
        assertEquals(a, b);
        assertEquals(List.of(1L, 2L, 3L, 4L, 5L, 6L), steps);
        assertEquals(2, log.size(), log.toString());
        assertTrue(log.get(1).startsWith("[6/6][epoch 2] Loss_D: "), log.get(1));
        assertTrue(log.get(1).contains("D(x): ") && log.get(1).contains("D(G(z)): ") && log.get(1).contains("img/s"),
                log.get(1));
    }
}
