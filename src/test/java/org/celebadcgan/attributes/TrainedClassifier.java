package org.celebadcgan.attributes;

/** One classifier trained on generated faces, shared by the tests of this package (trained once per JVM). */
final class TrainedClassifier {

    static final int TRAIN_FACES = 1500;
    static final int EPOCHS = 3;
    private static AttributeClassifier classifier;
    private static double trainSeconds;

    private TrainedClassifier() {
    }

    static synchronized AttributeClassifier get() {
        if (classifier == null) {
            LabeledImages train = LabeledImages.generated(TRAIN_FACES, 11, Recipe.ATTRIBUTES);
            long t0 = System.nanoTime();
            classifier = new AttributeClassifier(Recipe.ATTRIBUTES, 1).train(train, 0, train.count(), EPOCHS, 1);
            trainSeconds = (System.nanoTime() - t0) / 1e9;
        }
        return classifier;
    }

    static double trainSeconds() {
        return trainSeconds;
    }
}
