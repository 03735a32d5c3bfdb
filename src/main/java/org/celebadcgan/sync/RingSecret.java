package org.celebadcgan.sync;

import java.io.Serializable;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.HexFormat;

/** The per-stage secret a peer proves (HMAC-SHA256 over fresh nonces) before the ring accepts its connection. */
public final class RingSecret implements Serializable {

    private static final long serialVersionUID = 1L;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final byte[] key;

    private RingSecret(byte[] key) {
        if (key.length < 16) {
            throw new IllegalArgumentException("a ring secret needs at least 16 bytes, got " + key.length);
        }
        this.key = key.clone();
    }

    /** A fresh random 256-bit secret, made on the driver once per stage. */
    public static RingSecret random() {
        byte[] k = new byte[32];
        RANDOM.nextBytes(k);
        return new RingSecret(k);
    }

    /** A secret from its hex form (e.g. passed in a task closure or an environment variable). */
    public static RingSecret ofHex(String hex) {
        return new RingSecret(HexFormat.of().parseHex(hex));
    }

    byte[] key() {
        return key.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof RingSecret s && Arrays.equals(key, s.key);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(key);
    }

    /** Never prints the key: secrets end up in logs through toString. */
    @Override
    public String toString() {
        return "RingSecret(256-bit, hidden)";
    }
}
