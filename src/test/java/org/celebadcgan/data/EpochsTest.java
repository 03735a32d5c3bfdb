package org.celebadcgan.data;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** One definition of an epoch, shared by batch order, progress lines and state.json. */
class EpochsTest {

    @Test
    void anEpochIsAFullPassOfWholeBatchesOverTheShard() {
        int bpe = Epochs.batchesPerEpoch(30, 8); // 3 full batches, 6 images dropped
        assertEquals(3, bpe);
        assertEquals(1, Epochs.after(0, bpe), "before the first step");
        assertEquals(1, Epochs.after(3, bpe), "the step that ends epoch 1 belongs to it");
        assertEquals(2, Epochs.after(4, bpe));
        assertEquals(0, Epochs.indexOf(2, bpe));
        assertEquals(1, Epochs.indexOf(3, bpe), "0-based step 3 starts epoch 2");
        BatchMaker b = new BatchMaker(PackedImages.generatedFaces(30, 1), 8, 1);
        b.batchAt(3);
        assertEquals(Epochs.after(4, bpe), b.epoch(), "the batch maker counts the same way");
        assertThrows(IllegalArgumentException.class, () -> Epochs.batchesPerEpoch(7, 8));
    }
}
