package org.celebadcgan.data;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.HashSet;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Packing, scaling to [-1, 1], shuffled epochs and buffer reuse. */
class BatchMakerTest {

    @Test
    void bytesScaleToMinusOneAndOne() {
        byte[] data = new byte[PackedImages.IMAGE_BYTES];
        data[0] = 0;
        data[1] = (byte) 255;
        data[2] = (byte) 128;
        float[] out = new float[PackedImages.IMAGE_BYTES];
        PackedImages.of(data).copyScaled(0, out, 0);
        assertEquals(-1f, out[0]);
        assertEquals(1f, out[1]);
        assertEquals((128 / 255f - 0.5f) / 0.5f, out[2], 1e-6);
    }

    @Test
    void everyImageOncePerEpochInADifferentOrderEachEpoch() {
        int n = 12;
        byte[] data = new byte[n * PackedImages.IMAGE_BYTES];
        for (int i = 0; i < n; i++) {
            data[i * PackedImages.IMAGE_BYTES] = (byte) i; // image id in its first value
        }
        BatchMaker maker = new BatchMaker(PackedImages.of(data), 4, 1);
        INDArray first = maker.next();
        Set<Integer> seen = new HashSet<>();
        StringBuilder epoch1 = new StringBuilder();
        for (int b = 0; b < 3; b++) {
            INDArray batch = b == 0 ? first : maker.next();
            assertSame(first, batch, "the batch array is reused");
            assertArrayEquals(new long[]{4, 3, 64, 64}, batch.shape());
            for (int i = 0; i < 4; i++) {
                int id = Math.round((batch.getFloat(i, 0, 0, 0) + 1f) * 127.5f);
                seen.add(id);
                epoch1.append(id).append(',');
            }
        }
        assertEquals(n, seen.size());
        assertEquals(1, maker.epoch());
        StringBuilder epoch2 = new StringBuilder();
        for (int b = 0; b < 3; b++) {
            INDArray batch = maker.next();
            for (int i = 0; i < 4; i++) {
                epoch2.append(Math.round((batch.getFloat(i, 0, 0, 0) + 1f) * 127.5f)).append(',');
            }
        }
        assertEquals(2, maker.epoch());
        assertNotEquals(epoch1.toString(), epoch2.toString());
    }

    @Test
    void generatedFacesAreDeterministicAndVaried() {
        PackedImages a = PackedImages.generatedFaces(4, 7);
        PackedImages b = PackedImages.generatedFaces(4, 7);
        float[] x = new float[PackedImages.IMAGE_BYTES];
        float[] y = new float[PackedImages.IMAGE_BYTES];
        a.copyScaled(2, x, 0);
        b.copyScaled(2, y, 0);
        assertArrayEquals(x, y);
        a.copyScaled(3, y, 0);
        assertTrue(!java.util.Arrays.equals(x, y), "different faces");
    }

    @Test
    void batchLargerThanTheDataIsRefused() {
        var e = assertThrows(IllegalArgumentException.class,
                () -> new BatchMaker(PackedImages.of(new byte[2 * PackedImages.IMAGE_BYTES]), 3, 1));
        assertTrue(e.getMessage().contains("batch 3"));
    }

    @Test
    void rebindReadsTheNewImagesInTheSameOrder() {
        PackedImages a = PackedImages.generatedFaces(6, 1);
        PackedImages b = PackedImages.generatedFaces(6, 2);
        BatchMaker fromA = new BatchMaker(a, 3, 9, 1);
        BatchMaker fromB = new BatchMaker(b, 3, 9, 1);
        INDArray first = fromA.batchAt(2).dup();
        fromA.rebind(b);
        assertEquals(fromB.batchAt(2), fromA.batchAt(2), "same order, other images");
        assertNotEquals(first, fromA.batchAt(2));
        assertThrows(IllegalArgumentException.class, () -> fromA.rebind(PackedImages.generatedFaces(5, 1)));
    }
}
