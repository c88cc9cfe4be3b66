package io.chatmedia.upload;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.chatmedia.testsupport.Fixtures;
import java.io.ByteArrayInputStream;
import java.security.MessageDigest;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class MeteredInputStreamTest {

    @Test
    void countsAndHashesWhatPassesThrough() throws Exception {
        byte[] bytes = Fixtures.noise(100_000, 2);
        MeteredInputStream metered =
                new MeteredInputStream(new ByteArrayInputStream(bytes), bytes.length, Runnable::run);
        metered.read();
        metered.skip(10);
        metered.readAllBytes();
        assertThat(metered.count()).isEqualTo(bytes.length);
        assertThat(metered.sha256Hex())
                .isEqualTo(HexFormat.of()
                        .formatHex(MessageDigest.getInstance("SHA-256").digest(bytes)));
    }

    @Test
    void failsTheMomentTheLimitIsCrossed() throws Exception {
        MeteredInputStream metered =
                new MeteredInputStream(new ByteArrayInputStream(new byte[1000]), 999, Runnable::run);
        byte[] buffer = new byte[500];
        assertThat(metered.read(buffer)).isEqualTo(500);
        assertThatThrownBy(() -> metered.read(buffer))
                .isInstanceOf(UploadTooLargeException.class)
                .hasMessageContaining("999");
    }

    @Test
    void acceptsExactlyTheLimit() throws Exception {
        MeteredInputStream metered =
                new MeteredInputStream(new ByteArrayInputStream(new byte[1000]), 1000, Runnable::run);
        assertThat(metered.readAllBytes()).hasSize(1000);
    }
}
