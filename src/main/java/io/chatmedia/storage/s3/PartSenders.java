package io.chatmedia.storage.s3;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The threads that send multipart parts while the uploading thread reads the next one. One is needed per upload in
 * flight, so the pool grows with the uploads (their number is bounded by the transfer limits) and shrinks when idle;
 * a part never waits in a queue behind another upload's part.
 */
final class PartSenders {

    private static final long IDLE_SECONDS = 30;

    private PartSenders() {}

    static ExecutorService create() {
        AtomicInteger count = new AtomicInteger();
        ThreadFactory daemons = task -> {
            Thread thread = new Thread(task, "s3-part-sender-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
        return new ThreadPoolExecutor(
                0, Integer.MAX_VALUE, IDLE_SECONDS, TimeUnit.SECONDS, new SynchronousQueue<>(), daemons);
    }
}
