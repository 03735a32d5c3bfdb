package org.celebadcgan.sync;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/** N ranks on threads of this JVM joined over real loopback sockets, as a barrier stage would join them. */
final class LoopbackRing {

    private LoopbackRing() {
    }

    /** Binds N endpoints on 127.0.0.1 (their addresses are what allGather would return). */
    static List<RingEndpoint> bind(int n) throws IOException {
        List<RingEndpoint> endpoints = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            endpoints.add(RingEndpoint.bind("127.0.0.1"));
        }
        return endpoints;
    }

    static List<String> addresses(List<RingEndpoint> endpoints) throws IOException {
        List<String> a = new ArrayList<>();
        for (RingEndpoint e : endpoints) {
            a.add(e.address());
        }
        return a;
    }

    /** Runs {@code rankBody} for ranks 0..n-1 on n threads and returns their results in rank order. */
    static <T> List<T> onThreads(int n, RankBody<T> rankBody) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(n);
        try {
            List<Future<T>> fs = new ArrayList<>();
            for (int r = 0; r < n; r++) {
                int rank = r;
                fs.add(pool.submit((Callable<T>) () -> rankBody.run(rank)));
            }
            List<T> out = new ArrayList<>();
            for (Future<T> f : fs) {
                out.add(f.get(120, TimeUnit.SECONDS));
            }
            return out;
        } finally {
            pool.shutdownNow();
        }
    }

    /** Joins a whole ring of N on threads. */
    static List<NioRingTransport> join(int n, RingSecret secret, Duration timeout) throws Exception {
        List<RingEndpoint> endpoints = bind(n);
        List<String> addresses = addresses(endpoints);
        return onThreads(n, r -> endpoints.get(r).join(addresses, r, secret, timeout));
    }

    /** One rank's work. */
    interface RankBody<T> {
        T run(int rank) throws Exception;
    }
}
