package io.chatmedia.security;

import com.auth0.jwt.JWT;
import com.auth0.jwt.JWTVerifier;
import com.auth0.jwt.algorithms.Algorithm;
import com.auth0.jwt.exceptions.JWTVerificationException;
import com.auth0.jwt.exceptions.TokenExpiredException;
import com.auth0.jwt.interfaces.Claim;
import com.auth0.jwt.interfaces.DecodedJWT;
import io.chatmedia.system.ApiException;
import java.time.Instant;
import java.util.Locale;
import java.util.UUID;

/**
 * Verifies and issues HS256 JWTs with the secret shared with the host chat app. Only HS256 is accepted
 * (no {@code none}, no algorithm switching); {@code exp} is honoured when present, with a few seconds of leeway
 * for clock skew.
 */
public final class TokenVerifier {

    private static final long CLOCK_SKEW_SECONDS = 5;
    static final String ISSUER = "chatmedia";
    private static final String NO_ID = "invalid token: no user id";

    private final Algorithm algorithm;
    private final JWTVerifier verifier;

    public TokenVerifier(String secret) {
        this.algorithm = Algorithm.HMAC256(secret);
        // iat is not checked: a host app whose clock runs ahead must not lock its users out; exp is what counts.
        this.verifier = JWT.require(algorithm)
                .acceptLeeway(CLOCK_SKEW_SECONDS)
                .ignoreIssuedAt()
                .build();
    }

    /**
     * @return the caller the token names
     * @throws ApiException 401 when the token is badly formed, badly signed, expired, or names no user
     */
    public Caller verify(String token) {
        DecodedJWT jwt;
        try {
            jwt = verifier.verify(token);
        } catch (TokenExpiredException e) {
            throw ApiException.unauthorized("token expired");
        } catch (JWTVerificationException e) {
            throw ApiException.unauthorized("invalid token");
        }
        String id = text(jwt.getClaim("id"), NO_ID);
        if (id == null || id.isBlank()) {
            id = jwt.getSubject();
        }
        if (id == null || id.isBlank() || id.length() > 128) {
            throw ApiException.unauthorized(NO_ID);
        }
        return new Caller(
                id,
                text(jwt.getClaim("username"), "invalid token: claim 'username' is not a string"),
                roleOf(jwt.getClaim("role")));
    }

    /** Issues a guest token with a fresh id, valid until {@code expiresAt}. */
    public IssuedToken issueGuest(Instant expiresAt) {
        String id = "guest_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
        String token = JWT.create()
                .withIssuer(ISSUER)
                .withClaim("id", id)
                .withClaim("role", Role.GUEST.label())
                .withIssuedAt(Instant.now())
                .withExpiresAt(expiresAt)
                .sign(algorithm);
        return new IssuedToken(token, new Caller(id, null, Role.GUEST), expiresAt);
    }

    /** No role claim is a user; a role that is not one of the known strings (an array, a number) is refused. */
    private static Role roleOf(Claim claim) {
        if (claim == null || claim.isMissing() || claim.isNull()) {
            return Role.USER;
        }
        String role = claim.asString();
        if (role == null) {
            throw ApiException.unauthorized("invalid token: claim 'role' is not a string");
        }
        return switch (role.toLowerCase(Locale.ROOT)) {
            case "user" -> Role.USER;
            case "guest" -> Role.GUEST;
            default -> throw ApiException.unauthorized("invalid token: unknown role");
        };
    }

    /**
     * A claim as text: strings as they are, whole numbers in their plain form (host apps often use numeric ids).
     *
     * @throws ApiException 401 with {@code wrongType} when the claim is of another type (an array, an object, a
     *                      boolean, a fraction): a claim of the wrong type makes the token invalid
     */
    private static String text(Claim claim, String wrongType) {
        if (claim == null || claim.isMissing() || claim.isNull()) {
            return null;
        }
        String text = claim.asString();
        if (text != null) {
            return text;
        }
        Double number = claim.asDouble();
        if (number == null || number != Math.rint(number) || Math.abs(number) > 9.007199254740991E15) {
            throw ApiException.unauthorized(wrongType);
        }
        return Long.toString(number.longValue());
    }

    /** A token just issued, the caller it names and when it expires. */
    public record IssuedToken(String token, Caller caller, Instant expiresAt) {}
}
