package io.chatmedia.system;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class TransferLimitsTest {

    private static final long SECOND = 1_000_000_000L;

    @Test
    void slotsAreLimitedInAllAndPerClientAndGivenBack() {
        TransferSlots slots = new TransferSlots(3, 2);
        assertThat(slots.acquire("a")).isNull();
        assertThat(slots.acquire("a")).isNull();
        assertThat(slots.acquire("a")).isEqualTo("your address's 2");
        assertThat(slots.acquire("b")).isNull();
        assertThat(slots.acquire("c")).isEqualTo("the server's 3");
        slots.release("a");
        assertThat(slots.acquire("c")).isNull();
        slots.release("a");
        slots.release("b");
        slots.release("c");
        assertThat(slots.inFlight()).isZero();
    }

    @Test
    void aTransferSlowerThanTheMinimumOverAWindowIsTooSlow() {
        TransferRate rate = new TransferRate(1024, Duration.ofSeconds(10), Duration.ofMinutes(30), 0);
        assertThat(rate.check(1, 5 * SECOND)).as("within the first window").isNull();
        assertThat(rate.check(1, 10 * SECOND)).startsWith("moved 2 bytes in 10 s, slower than the minimum of 1024");
    }

    @Test
    void aFastStartDoesNotBuyAStallLater() {
        TransferRate rate = new TransferRate(1024, Duration.ofSeconds(10), Duration.ofMinutes(30), 0);
        assertThat(rate.check(10_000_000, 10 * SECOND)).isNull();
        assertThat(rate.check(100, 20 * SECOND)).startsWith("moved 100 bytes in 10 s");
    }

    @Test
    void aTransferPastItsTotalDeadlineIsCutWhateverItsRate() {
        TransferRate rate = new TransferRate(1, Duration.ofSeconds(10), Duration.ofSeconds(60), 0);
        assertThat(rate.check(1_000_000, 30 * SECOND)).isNull();
        assertThat(rate.check(1_000_000, 61 * SECOND)).isEqualTo("took longer than 60 s in all");
    }
}
