package org.celebadcgan.testutil;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/** Reads the arrays scripts/make_parity_fixture.py writes (format in that script's docstring). */
public final class ParityFixture {

    private final Map<String, INDArray> arrays;

    private ParityFixture(Map<String, INDArray> arrays) {
        this.arrays = arrays;
    }

    public static ParityFixture load(String resource) throws IOException {
        try (InputStream raw = ParityFixture.class.getResourceAsStream(resource)) {
            if (raw == null) {
                throw new IOException("fixture " + resource + " not found; run scripts/make_parity_fixture.py");
            }
            ByteBuffer buf = ByteBuffer.wrap(new DataInputStream(raw).readAllBytes()).order(ByteOrder.LITTLE_ENDIAN);
            byte[] magic = new byte[4];
            buf.get(magic);
            if (!"DCGF".equals(new String(magic, StandardCharsets.US_ASCII))) {
                throw new IOException(resource + " is not a parity fixture");
            }
            int count = buf.getInt();
            Map<String, INDArray> arrays = new LinkedHashMap<>();
            for (int i = 0; i < count; i++) {
                byte[] name = new byte[buf.getInt()];
                buf.get(name);
                long[] shape = new long[buf.getInt()];
                long n = 1;
                for (int d = 0; d < shape.length; d++) {
                    shape[d] = buf.getLong();
                    n *= shape[d];
                }
                float[] v = new float[Math.toIntExact(n)];
                buf.asFloatBuffer().get(v);
                buf.position(buf.position() + 4 * v.length);
                arrays.put(new String(name, StandardCharsets.UTF_8), Nd4j.create(v, shape, 'c'));
            }
            return new ParityFixture(arrays);
        }
    }

    public INDArray get(String name) {
        INDArray a = arrays.get(name);
        if (a == null) {
            throw new IllegalArgumentException("fixture has no array '" + name + "'");
        }
        return a;
    }

    public double scalar(String name) {
        return get(name).getDouble(0);
    }
}
