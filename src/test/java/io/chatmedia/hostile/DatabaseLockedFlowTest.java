package io.chatmedia.hostile;

import static org.assertj.core.api.Assertions.assertThat;

import io.chatmedia.testsupport.Fixtures;
import io.chatmedia.testsupport.HttpFlowTest;
import io.chatmedia.testsupport.Multipart;
import io.chatmedia.testsupport.Tokens;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The metadata database locked by another writer past its busy timeout (issue 14, item 6): an upload is a 503 in the
 * envelope with nothing half-visible (no row, no blob), and once the lock is gone uploads work again without a restart.
 */
@Timeout(value = 1, unit = TimeUnit.MINUTES)
class DatabaseLockedFlowTest extends HttpFlowTest {

    @Test
    void anUploadWhileTheDatabaseIsLockedIsA503AndLeavesNothing() throws Exception {
        String token = Tokens.user("locked");
        Multipart body = Multipart.create().file("file", "a.png", "image/png", Fixtures.png(4, 4));
        State before = state();
        try (Connection lock = DriverManager.getConnection("jdbc:sqlite:" + DATA_DIR.resolve("chatmedia.db"));
                Statement statement = lock.createStatement()) {
            statement.execute("BEGIN EXCLUSIVE");
            HttpResponse<byte[]> locked = postMultipart("/v1/media", token, body);
            assertThat(assertFails(locked, 503))
                    .isEqualTo("the metadata database is busy or unavailable, try again later");
            statement.execute("ROLLBACK");
        }
        assertNothingLeftBehind(before);
        assertOk(postMultipart("/v1/media", token, body), 201);
    }
}
