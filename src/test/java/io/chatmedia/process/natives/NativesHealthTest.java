package io.chatmedia.process.natives;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;

class NativesHealthTest {

    @Test
    void isDownWhileLoadingAndUpOnceLoaded() {
        CompletableFuture<Void> loaded = new CompletableFuture<>();
        NativesHealth health = new NativesHealth(loaded);
        Health loading = health.health();
        assertThat(loading.getStatus()).isEqualTo(Status.DOWN);
        assertThat(loading.getDetails()).containsEntry("natives", "loading");
        loaded.complete(null);
        assertThat(health.health().getStatus()).isEqualTo(Status.UP);
    }

    @Test
    void isDownNamingTheErrorWhenALibraryCouldNotBeLoaded() {
        NativesHealth health =
                new NativesHealth(CompletableFuture.failedFuture(new UnsatisfiedLinkError("no jniopencv_core")));
        Health failed = health.health();
        assertThat(failed.getStatus()).isEqualTo(Status.DOWN);
        assertThat(failed.getDetails())
                .containsEntry("natives", "failed")
                .containsEntry("cause", "UnsatisfiedLinkError (see the log)");
    }
}
