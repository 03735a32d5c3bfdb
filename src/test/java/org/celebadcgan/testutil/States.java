package org.celebadcgan.testutil;

import org.celebadcgan.train.TrainingState;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** Whole-state comparisons: every array and every counter, bit for bit. */
public final class States {

    private States() {
    }

    public static void assertSame(TrainingState expected, TrainingState actual, String what) {
        assertArrayEquals(expected.g(), actual.g(), what + ": G parameters");
        assertArrayEquals(expected.d(), actual.d(), what + ": D parameters");
        assertArrayEquals(expected.gM(), actual.gM(), what + ": G Adam m");
        assertArrayEquals(expected.gV(), actual.gV(), what + ": G Adam v");
        assertArrayEquals(expected.dM(), actual.dM(), what + ": D Adam m");
        assertArrayEquals(expected.dV(), actual.dV(), what + ": D Adam v");
        assertEquals(expected.step(), actual.step(), what + ": step");
        assertEquals(expected.round(), actual.round(), what + ": round");
    }
}
