package io.chatmedia.system;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Pools for helper threads that work beside a request's own thread (sending the previous part, hashing the previous
 * block): a task starts at once on an idle or a new thread and never waits in a queue behind another request's task,
 * so the pool grows with the requests in flight (whose number the transfer limits bound) and shrinks when they end.
 * Daemon threads: nothing waits for them at shutdown.
 */
public final class DaemonThreadPool {

    private static final long IDLE_SECONDS = 30;

    private DaemonThreadPool() {}

    /** A new pool whose threads are named {@code <name>-<n>}. */
    public static ExecutorService create(String name) {
        AtomicInteger count = new AtomicInteger();
        ThreadFactory daemons = task -> {
            Thread thread = new Thread(task, name + "-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
        return new ThreadPoolExecutor(
                0, Integer.MAX_VALUE, IDLE_SECONDS, TimeUnit.SECONDS, new SynchronousQueue<>(), daemons);
    }
}
