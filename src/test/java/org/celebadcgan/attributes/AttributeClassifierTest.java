package org.celebadcgan.attributes;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertTrue;

/** The attribute classifier learns the attributes synth draws, measured on faces it never saw. */
class AttributeClassifierTest {

    /**
     * Measured: 1,500 faces, 3 epochs give 1.000 / 0.976 / 0.998 (Smiling / Male / Eyeglasses) on 500 faces of another
     * seed; an untrained one scores about 0.5. The floor leaves room for other BLAS builds' rounding.
     */
    static final double FLOOR = 0.9;

    @Test
    void classifiesHeldOutGeneratedFacesForEveryRenderedAttribute() {
        LabeledImages heldOut = LabeledImages.generated(500, 12, Recipe.ATTRIBUTES);
        Map<String, Double> acc = TrainedClassifier.get().accuracy(heldOut, 0, heldOut.count());
        Map<String, Double> untrained = new AttributeClassifier(Recipe.ATTRIBUTES, 1).accuracy(heldOut, 0, 500);
        System.out.printf("classifier: %d faces x %d epochs in %.1f s; held-out accuracy %s (untrained %s)%n",
                TrainedClassifier.TRAIN_FACES, TrainedClassifier.EPOCHS, TrainedClassifier.trainSeconds(), acc,
                untrained);
        for (String a : Recipe.ATTRIBUTES) {
            assertTrue(acc.get(a) >= FLOOR, a + ": " + acc);
            assertTrue(untrained.get(a) < FLOOR, "the floor is above what an untrained net gets: " + untrained);
        }
    }
}
