package io.chatmedia.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.auth0.jwt.JWT;
import com.auth0.jwt.algorithms.Algorithm;
import io.chatmedia.system.ApiException;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TokenVerifierTest {

    private static final String SECRET = "short"; // host apps often use short secrets
    private final TokenVerifier verifier = new TokenVerifier(SECRET);

    @Test
    void readsIdUsernameAndRole() {
        Caller caller = verifier.verify(JWT.create()
                .withClaim("id", 7)
                .withClaim("username", "ding")
                .withClaim("role", "guest")
                .sign(Algorithm.HMAC256(SECRET)));
        assertThat(caller).isEqualTo(new Caller("7", "ding", Role.GUEST));
    }

    @Test
    void defaultsToUserAndFallsBackToTheSubject() {
        Caller caller = verifier.verify(JWT.create().withSubject("s-1").sign(Algorithm.HMAC256(SECRET)));
        assertThat(caller).isEqualTo(new Caller("s-1", null, Role.USER));
    }

    @Test
    void toleratesAFewSecondsOfClockSkew() {
        String token = JWT.create()
                .withClaim("id", "u")
                .withExpiresAt(Instant.now().minusSeconds(2))
                .sign(Algorithm.HMAC256(SECRET));
        assertThat(verifier.verify(token).id()).isEqualTo("u");
    }

    @Test
    void acceptsAnIssuedAtInTheFutureAndFallsBackToTheSubjectForABlankId() {
        String ahead = JWT.create()
                .withClaim("id", "u")
                .withIssuedAt(Instant.now().plusSeconds(600))
                .sign(Algorithm.HMAC256(SECRET));
        assertThat(verifier.verify(ahead).id()).isEqualTo("u");
        String blank = JWT.create().withClaim("id", "").withSubject("s").sign(Algorithm.HMAC256(SECRET));
        assertThat(verifier.verify(blank).id()).isEqualTo("s");
    }

    @Test
    void refusesAFractionalId() {
        assertUnauthorized(
                JWT.create().withClaim("id", 33.5).sign(Algorithm.HMAC256(SECRET)), "invalid token: no user id");
    }

    @Test
    void refusesClaimsOfTheWrongTypeSoAGuestNeverBecomesAUser() {
        Algorithm key = Algorithm.HMAC256(SECRET);
        String reason = "invalid token: claim 'role' is not a string";
        assertUnauthorized(
                JWT.create()
                        .withClaim("id", "g")
                        .withArrayClaim("role", new String[] {"guest"})
                        .sign(key),
                reason);
        assertUnauthorized(
                JWT.create().withClaim("id", "g").withClaim("role", 1).sign(key), reason);
        assertUnauthorized(
                JWT.create().withClaim("id", "g").withClaim("role", true).sign(key), reason);
        assertUnauthorized(
                JWT.create()
                        .withClaim("id", "g")
                        .withClaim("role", Map.of("r", "guest"))
                        .sign(key),
                reason);
        assertUnauthorized(
                JWT.create()
                        .withArrayClaim("id", new String[] {"u"})
                        .withSubject("s")
                        .sign(key),
                "invalid token: no user id");
        assertUnauthorized(
                JWT.create().withClaim("id", "u").withClaim("username", false).sign(key),
                "invalid token: claim 'username' is not a string");
        assertUnauthorized(
                JWT.create().withClaim("id", "u").withClaim("role", "admin").sign(key), "invalid token: unknown role");
    }

    @Test
    void refusesExpiredForeignUnsignedAndOtherAlgorithms() {
        assertUnauthorized(
                JWT.create()
                        .withClaim("id", "u")
                        .withExpiresAt(Instant.now().minusSeconds(60))
                        .sign(Algorithm.HMAC256(SECRET)),
                "token expired");
        assertUnauthorized(JWT.create().withClaim("id", "u").sign(Algorithm.HMAC256("other")), "invalid token");
        assertUnauthorized(JWT.create().withClaim("id", "u").sign(Algorithm.none()), "invalid token");
        assertUnauthorized(JWT.create().withClaim("id", "u").sign(Algorithm.HMAC512(SECRET)), "invalid token");
        assertUnauthorized("a.b.c", "invalid token");
    }

    @Test
    void issuesGuestTokensItAccepts() {
        TokenVerifier.IssuedToken issued = verifier.issueGuest(Instant.now().plusSeconds(60));
        Caller caller = verifier.verify(issued.token());
        assertThat(caller.role()).isEqualTo(Role.GUEST);
        assertThat(caller.id()).startsWith("guest_").isEqualTo(issued.caller().id());
    }

    private void assertUnauthorized(String token, String reason) {
        assertThatThrownBy(() -> verifier.verify(token)).isInstanceOfSatisfying(ApiException.class, e -> {
            assertThat(e.status().value()).isEqualTo(401);
            assertThat(e.getMessage()).isEqualTo(reason);
        });
    }
}
