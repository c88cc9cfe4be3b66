package io.chatmedia.resumable;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/** Many tus creations of one user at once, spread over clients (nodes), released together by a latch. */
final class ConcurrentCreations {

    private ConcurrentCreations() {}

    /** @return the status of each of {@code count} creations, the i-th sent through {@code clients[i % size]} */
    static List<Integer> of(List<TusClient> clients, int count) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(count);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<Integer>> answers = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                TusClient client = clients.get(i % clients.size());
                answers.add(pool.submit(() -> {
                    start.await();
                    return client.send("POST", "/v1/uploads", null, "Upload-Length", "1000")
                            .statusCode();
                }));
            }
            start.countDown();
            List<Integer> statuses = new ArrayList<>();
            for (Future<Integer> answer : answers) {
                statuses.add(answer.get());
            }
            return statuses;
        } finally {
            pool.shutdownNow();
        }
    }
}
