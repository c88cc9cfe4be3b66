package io.chatmedia.process.video;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.chatmedia.process.spec.ProcessParser;
import io.chatmedia.system.ApiException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SnapshotSpecTest {

    @Test
    void readsTheSeedsCoverRequest() {
        SnapshotSpec spec = spec("video/snapshot,t_20,m_fast,w_260,f_png");
        assertThat(spec).isEqualTo(new SnapshotSpec(20, true, 260, 0, "png", "auto"));
        assertThat(spec("video/snapshot").format()).isEqualTo("jpg");
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = ';',
            value = {
                "video/snapshot,t_-1;        t must be a non-negative integer (ms)",
                "video/snapshot,t_abc;       t must be a non-negative integer (ms)",
                "video/snapshot,w_3841;      w must be at most 3840",
                "video/snapshot,h_99999;     h must be at most 3840",
                "video/snapshot,f_gif;       f must be jpg or png",
                "video/snapshot,ar_x;        ar must be auto, h or w",
                "video/snapshot,m_slow;      m must be fast",
                "video/snapshot,x_1;         unknown parameter 'x'",
                "video/snapshot,5;           unexpected value '5'",
            })
    void namesTheActionAndParameterAtFault(String process, String reason) {
        assertThatThrownBy(() -> spec(process)).isInstanceOfSatisfying(ApiException.class, e -> {
            assertThat(e.status().value()).isEqualTo(400);
            assertThat(e.getMessage()).startsWith("video/snapshot: ").contains(reason);
        });
    }

    @Test
    void derivesTheMissingSide() {
        assertThat(spec("video/snapshot,w_260").outputSize(1920, 1080)).containsExactly(260, 146);
        assertThat(spec("video/snapshot,h_100").outputSize(1080, 1920)).containsExactly(56, 100);
        assertThat(spec("video/snapshot").outputSize(1080, 1920)).containsExactly(1080, 1920);
    }

    private static SnapshotSpec spec(String process) {
        return SnapshotSpec.of(ProcessParser.parse(process).actions().get(0));
    }
}
