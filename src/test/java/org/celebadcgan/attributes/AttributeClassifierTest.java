package org.celebadcgan.attributes;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertTrue;

/** The attribute classifier learns the attributes synth draws, measured on faces it never saw. */
class AttributeClassifierTest {

    @Test
    void classifiesHeldOutGeneratedFacesForEveryRenderedAttribute() {
        LabeledImages train = LabeledImages.generated(2000, 11, Recipe.ATTRIBUTES);
        LabeledImages heldOut = LabeledImages.generated(500, 12, Recipe.ATTRIBUTES);
        long t0 = System.nanoTime();
        AttributeClassifier c = new AttributeClassifier(Recipe.ATTRIBUTES, 1).train(train, 0, train.count(), 4, 1);
        double secs = (System.nanoTime() - t0) / 1e9;
        Map<String, Double> acc = c.accuracy(heldOut, 0, heldOut.count());
        Map<String, Double> before = new AttributeClassifier(Recipe.ATTRIBUTES, 1).accuracy(heldOut, 0, 500);
        System.out.printf("classifier: trained in %.1f s; held-out accuracy %s (untrained %s)%n", secs, acc, before);
        for (String a : Recipe.ATTRIBUTES) {
            assertTrue(acc.get(a) >= 0.9, a + ": " + acc);
        }
    }
}
