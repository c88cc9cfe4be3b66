package io.chatmedia.storage.s3;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.model.CompletedPart;

/**
 * One part being sent on another thread. Unlike a cancelled {@code Future}, {@link #stop} returns only once the
 * sending thread has let go of the part, so an upload can be aborted knowing no part will land after it, and the part's
 * buffer can be dropped.
 */
final class PartSend implements Runnable {

    private final Callable<CompletedPart> work;
    private final CompletableFuture<CompletedPart> result = new CompletableFuture<>();
    private final CountDownLatch finished = new CountDownLatch(1);
    private Thread runner; // guarded by this
    private boolean stopped; // guarded by this

    private PartSend(Callable<CompletedPart> work) {
        this.work = work;
    }

    static PartSend start(Executor senders, Callable<CompletedPart> work) {
        PartSend send = new PartSend(work);
        senders.execute(send);
        return send;
    }

    @Override
    public void run() {
        synchronized (this) {
            if (stopped) {
                result.cancel(false);
                finished.countDown();
                return;
            }
            runner = Thread.currentThread();
        }
        try {
            result.complete(work.call());
        } catch (Throwable failure) {
            result.completeExceptionally(failure);
        } finally {
            synchronized (this) {
                runner = null;
                Thread.interrupted(); // a stop that came late must not reach the thread's next task
            }
            finished.countDown();
        }
    }

    /**
     * Waits for the part.
     *
     * @throws SdkException            what the store answered
     * @throws InterruptedIOException  when the waiting thread is interrupted (the part is still being sent: {@link
     *                                 #stop} it)
     * @throws IOException             any other failure of the sending
     */
    CompletedPart await() throws IOException {
        try {
            return result.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while a part was sent");
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof RuntimeException runtime) {
                throw runtime;
            }
            if (cause instanceof Error error) {
                throw error;
            }
            if (cause instanceof IOException io) {
                throw io;
            }
            throw new IOException(cause);
        }
    }

    /** Interrupts the sending and returns once its thread has let go of the part. */
    void stop() {
        synchronized (this) {
            stopped = true;
            if (runner != null) {
                runner.interrupt();
            }
        }
        boolean interrupted = false;
        while (true) {
            try {
                finished.await();
                break;
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }
}
