package org.celebadcgan.sync;

/** A ring member as the others see it: its rank and the {@code host:port} its server socket listens on. */
public record Peer(int rank, String host, int port) {

    /** Parses {@code host:port} (IPv6 hosts in brackets, as Spark writes them). */
    public static Peer parse(int rank, String hostPort) {
        int colon = hostPort.lastIndexOf(':');
        if (colon <= 0 || colon == hostPort.length() - 1) {
            throw new IllegalArgumentException("rank " + rank + ": expected host:port, got '" + hostPort + "'");
        }
        String host = hostPort.substring(0, colon).replaceAll("^\\[(.*)]$", "$1");
        return new Peer(rank, host, Integer.parseInt(hostPort.substring(colon + 1)));
    }

    /** "rank 2 (10.0.0.5:40123)": how errors and logs name a peer. */
    @Override
    public String toString() {
        return "rank " + rank + " (" + host + ":" + port + ")";
    }
}
