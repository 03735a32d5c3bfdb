package org.celebadcgan.eval;

import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

/** The radix sort orders floats exactly as Arrays.sort does, signs, zeros and infinities included. */
class FloatRadixSortTest {

    @Test
    void sortsRangesLikeArraysSort() {
        Random r = new Random(3);
        FloatRadixSort sorter = new FloatRadixSort(5000);
        for (int trial = 0; trial < 20; trial++) {
            int n = 1 + r.nextInt(5000);
            float[] v = new float[n + 20];
            for (int i = 0; i < v.length; i++) {
                v[i] = switch (r.nextInt(12)) {
                    case 0 -> 0f;
                    case 1 -> -0f;
                    case 2 -> Float.POSITIVE_INFINITY;
                    case 3 -> Float.NEGATIVE_INFINITY;
                    case 4 -> Float.MIN_VALUE * (r.nextBoolean() ? 1 : -1);
                    default -> (float) (r.nextGaussian() * Math.pow(10, r.nextInt(12) - 6));
                };
            }
            float[] expected = v.clone();
            Arrays.sort(expected, 10, 10 + n);
            sorter.sort(v, 10, n);
            assertArrayEquals(expected, v, "trial " + trial + " (" + n + " values; outside the range untouched)");
        }
    }
}
