package io.chatmedia.security;

import static org.assertj.core.api.Assertions.assertThat;

import io.chatmedia.testsupport.Fixtures;
import io.chatmedia.testsupport.HttpFlowTest;
import io.chatmedia.testsupport.Multipart;
import io.chatmedia.testsupport.Tokens;
import java.net.http.HttpRequest;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;

class AuthFlowTest extends HttpFlowTest {

    private static final String DIY = "/api/chat/uploadStreamSingleToServerDiy/chatImgs";

    @ParameterizedTest
    @ValueSource(strings = {DIY, "/api/chat/uploadAliyun", "/v1/media"})
    void refusesUploadsWithoutAValidToken(String route) {
        State before = state();
        Multipart body = Multipart.create()
                .file(route.endsWith("Aliyun") ? "img" : "file", "a.png", "image/png", Fixtures.png(4, 4));
        assertThat(assertFails(postMultipart(route, null, body), 401)).isEqualTo("token required");
        assertThat(assertFails(postMultipart(route, Tokens.badlySigned("u1"), body), 401))
                .isEqualTo("invalid token");
        assertThat(assertFails(postMultipart(route, Tokens.expired("u1"), body), 401))
                .isEqualTo("token expired");
        assertThat(assertFails(postMultipart(route, "not-a-jwt", body), 401)).isEqualTo("invalid token");
        assertNothingLeftBehind(before);
    }

    @Test
    void acceptsTheTokenInTheHeaderAsBearerOrInTheQuery() {
        String token = Tokens.user("u-where");
        assertOk(
                send(HttpRequest.newBuilder(uri("/v1/config"))
                        .header("token", token)
                        .build()),
                200);
        assertOk(
                send(HttpRequest.newBuilder(uri("/v1/config"))
                        .header("Authorization", "Bearer " + token)
                        .build()),
                200);
        JsonNode data = assertOk(get("/v1/config?token=" + token), 200);
        assertThat(data.get("user_id").asString()).isEqualTo("u-where");
        assertThat(data.get("role").asString()).isEqualTo("user");
    }

    @Test
    void readsNumericIdsAndTheSubjectClaim() {
        assertThat(assertOk(get("/v1/config?token=" + Tokens.numericUser(42)), 200)
                        .get("user_id")
                        .asString())
                .isEqualTo("42");
        String subject = com.auth0
                .jwt
                .JWT
                .create()
                .withSubject("by-sub")
                .sign(com.auth0.jwt.algorithms.Algorithm.HMAC256(Tokens.SECRET));
        assertThat(assertOk(get("/v1/config?token=" + subject), 200)
                        .get("user_id")
                        .asString())
                .isEqualTo("by-sub");
    }

    @Test
    void refusesUnsignedAndWronglySignedTokens() {
        String none = com.auth0.jwt.JWT.create().withClaim("id", "x").sign(com.auth0.jwt.algorithms.Algorithm.none());
        assertFails(get("/v1/config?token=" + none), 401);
        String noId = com.auth0
                .jwt
                .JWT
                .create()
                .withClaim("username", "x")
                .sign(com.auth0.jwt.algorithms.Algorithm.HMAC256(Tokens.SECRET));
        assertFails(get("/v1/config?token=" + noId), 401);
        String badRole = com.auth0
                .jwt
                .JWT
                .create()
                .withClaim("id", "x")
                .withClaim("role", "admin")
                .sign(com.auth0.jwt.algorithms.Algorithm.HMAC256(Tokens.SECRET));
        assertFails(get("/v1/config?token=" + badRole), 401);
    }

    @Test
    void issuesGuestTokensThatWorkWithTheGuestLimit() {
        JsonNode issued = assertOk(post("/v1/auth/guest", null, null, new byte[0]), 200);
        assertThat(issued.get("role").asString()).isEqualTo("guest");
        assertThat(issued.get("expires_at").asLong())
                .isGreaterThan(Instant.now().getEpochSecond());
        JsonNode config = assertOk(get("/v1/config?token=" + issued.get("token").asString()), 200);
        assertThat(config.get("role").asString()).isEqualTo("guest");
        assertThat(config.get("max_upload_bytes").asLong()).isEqualTo(GUEST_LIMIT);
        assertOk(
                postMultipart(
                        DIY,
                        issued.get("token").asString(),
                        Multipart.create().file("file", "g.png", "image/png", Fixtures.png(4, 4))),
                200);
    }

    @Test
    void tellsUsersTheirOwnLimit() {
        JsonNode config = assertOk(get("/v1/config?token=" + Tokens.user("limits")), 200);
        assertThat(config.get("max_upload_bytes").asLong()).isEqualTo(200L * 1024 * 1024);
        assertThat(config.get("guest_max_bytes").asLong()).isEqualTo(GUEST_LIMIT);
    }
}
