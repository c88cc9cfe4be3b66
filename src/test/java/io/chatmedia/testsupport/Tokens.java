package io.chatmedia.testsupport;

import com.auth0.jwt.JWT;
import com.auth0.jwt.algorithms.Algorithm;
import java.time.Instant;

/** Tokens as the host chat app would mint them, signed with the test secret. */
public final class Tokens {

    public static final String SECRET = "test-secret-shared-with-the-host-app";

    private Tokens() {}

    public static String user(String id) {
        return JWT.create()
                .withClaim("id", id)
                .withClaim("username", "name-" + id)
                .withExpiresAt(Instant.now().plusSeconds(3600))
                .sign(Algorithm.HMAC256(SECRET));
    }

    public static String numericUser(long id) {
        return JWT.create().withClaim("id", id).sign(Algorithm.HMAC256(SECRET));
    }

    public static String guest(String id) {
        return JWT.create()
                .withClaim("id", id)
                .withClaim("role", "guest")
                .withExpiresAt(Instant.now().plusSeconds(3600))
                .sign(Algorithm.HMAC256(SECRET));
    }

    public static String expired(String id) {
        return JWT.create()
                .withClaim("id", id)
                .withExpiresAt(Instant.now().minusSeconds(600))
                .sign(Algorithm.HMAC256(SECRET));
    }

    public static String badlySigned(String id) {
        return JWT.create().withClaim("id", id).sign(Algorithm.HMAC256("some-other-secret"));
    }
}
