package io.chatmedia.storage.s3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.chatmedia.system.DaemonThreadPool;
import java.io.IOException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.s3.model.CompletedPart;

class PartSendTest {

    private final ExecutorService senders = DaemonThreadPool.create("s3-part-sender");

    @AfterEach
    void shutDown() {
        senders.shutdownNow();
    }

    @Test
    void answersThePartItSent() throws Exception {
        PartSend send = PartSend.start(
                senders, () -> CompletedPart.builder().partNumber(3).eTag("e").build());
        assertThat(send.await().partNumber()).isEqualTo(3);
    }

    @Test
    void passesTheSendersFailureOn() {
        PartSend send = PartSend.start(senders, () -> {
            throw new IOException("store refused");
        });
        assertThatThrownBy(send::await).isInstanceOf(IOException.class).hasMessage("store refused");
    }

    @Test
    void stopReturnsOnlyOnceTheSendingThreadLetGoOfThePart() throws Exception {
        CountDownLatch started = new CountDownLatch(1);
        AtomicBoolean stillSending = new AtomicBoolean();
        PartSend send = PartSend.start(senders, () -> {
            stillSending.set(true);
            started.countDown();
            try {
                Thread.sleep(60_000);
            } catch (InterruptedException e) {
                Thread.sleep(200); // lets go of the part a little after the interrupt, as a socket write would
                throw e;
            } finally {
                stillSending.set(false);
            }
            return null;
        });
        assertThat(started.await(5, TimeUnit.SECONDS)).isTrue();

        send.stop();

        assertThat(stillSending).isFalse();
    }
}
