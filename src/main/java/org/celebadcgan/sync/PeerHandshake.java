package org.celebadcgan.sync;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.io.IOException;
import java.net.ProtocolException;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;

/**
 * Mutual challenge-response on a new ring link. The accepting rank sends a fresh nonce; the connecting rank answers
 * with its rank, its own nonce and HMAC-SHA256(secret, "connect", both nonces, both ranks); the acceptor checks it
 * and answers HMAC(secret, "accept", ...) so the connector knows it reached a member too. Fresh nonces on both sides
 * mean a recorded handshake cannot be replayed; the secret itself never crosses the wire.
 */
final class PeerHandshake {

    private static final int MAGIC = 0x52494E47; // "RING"
    private static final int NONCE = 16;
    private static final int MAC = 32;
    private static final SecureRandom RANDOM = new SecureRandom();

    private PeerHandshake() {
    }

    /** The connecting side; throws when the acceptor does not prove the secret. */
    static void connect(SocketChannel ch, RingSecret secret, int fromRank, Peer to, long deadlineNanos)
            throws IOException {
        ByteBuffer nonceA = ByteBuffer.allocate(NONCE);
        DeadlineIo.readFully(ch, nonceA, deadlineNanos, to::toString);
        byte[] nonceC = new byte[NONCE];
        RANDOM.nextBytes(nonceC);
        ByteBuffer hello = ByteBuffer.allocate(8 + NONCE + MAC);
        hello.putInt(MAGIC).putInt(fromRank).put(nonceC)
                .put(mac(secret, "connect", nonceA.array(), nonceC, fromRank, to.rank())).flip();
        DeadlineIo.writeFully(ch, hello, deadlineNanos, to::toString);
        ByteBuffer answer = ByteBuffer.allocate(MAC);
        DeadlineIo.readFully(ch, answer, deadlineNanos, () -> to + " (refused our token?)");
        byte[] expected = mac(secret, "accept", nonceA.array(), nonceC, fromRank, to.rank());
        if (!MessageDigest.isEqual(answer.array(), expected)) {
            throw new ProtocolException(to + " did not prove the ring's secret");
        }
    }

    /**
     * The accepting side: returns normally only when the peer proved the secret and is {@code expectedLeft};
     * otherwise throws (the caller closes the channel, logs, and keeps waiting for the right peer).
     */
    static void accept(SocketChannel ch, RingSecret secret, int myRank, int expectedLeft, long deadlineNanos)
            throws IOException {
        byte[] nonceA = new byte[NONCE];
        RANDOM.nextBytes(nonceA);
        String who = "connection from " + ch.getRemoteAddress();
        DeadlineIo.writeFully(ch, ByteBuffer.wrap(nonceA), deadlineNanos, () -> who);
        ByteBuffer hello = ByteBuffer.allocate(8 + NONCE + MAC);
        DeadlineIo.readFully(ch, hello, deadlineNanos, () -> who);
        hello.flip();
        if (hello.getInt() != MAGIC) {
            throw new ProtocolException(who + " does not speak the ring protocol");
        }
        int from = hello.getInt();
        byte[] nonceC = new byte[NONCE];
        byte[] proof = new byte[MAC];
        hello.get(nonceC).get(proof);
        if (!MessageDigest.isEqual(proof, mac(secret, "connect", nonceA, nonceC, from, myRank))) {
            throw new ProtocolException(who + " claiming rank " + from + " sent a wrong token");
        }
        if (from != expectedLeft) {
            throw new ProtocolException(who + " is rank " + from + ", expected rank " + expectedLeft);
        }
        DeadlineIo.writeFully(ch, ByteBuffer.wrap(mac(secret, "accept", nonceA, nonceC, from, myRank)),
                deadlineNanos, () -> who);
    }

    private static byte[] mac(RingSecret secret, String role, byte[] nonceA, byte[] nonceC, int from, int to) {
        try {
            Mac m = Mac.getInstance("HmacSHA256");
            m.init(new SecretKeySpec(secret.key(), "HmacSHA256"));
            m.update(role.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            m.update(nonceA);
            m.update(nonceC);
            m.update(ByteBuffer.allocate(8).putInt(from).putInt(to).array());
            return m.doFinal();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 unavailable in this JVM", e);
        }
    }
}
