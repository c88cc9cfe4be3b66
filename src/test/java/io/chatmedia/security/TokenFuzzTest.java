package io.chatmedia.security;

import static org.assertj.core.api.Assertions.assertThat;

import com.auth0.jwt.algorithms.Algorithm;
import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.chatmedia.system.ApiException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.springframework.mock.web.MockHttpServletRequest;

/**
 * Token extraction and claims on any input: a caller or a 4xx, never another failure; and a correctly signed token
 * with any claims is a user only when its role is absent or exactly "user".
 */
class TokenFuzzTest {

    private static final String SECRET = "fuzz-secret";
    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();
    private final TokenVerifier verifier = new TokenVerifier(SECRET);

    @FuzzTest(maxDuration = "30s")
    void extractsAndVerifiesOrRefuses(FuzzedDataProvider data) {
        MockHttpServletRequest request = new MockHttpServletRequest();
        if (data.consumeBoolean()) {
            request.addHeader("token", data.consumeString(200));
        }
        if (data.consumeBoolean()) {
            request.addHeader("Authorization", data.consumeString(200));
        }
        request.setQueryString(data.consumeString(200));
        String payload = data.consumeRemainingAsString();
        try {
            TokenExtractor.from(request).ifPresent(verifier::verify);
        } catch (ApiException e) {
            assertThat(e.status().value()).isIn(400, 401);
        }
        String token = signed(payload);
        try {
            Caller caller = verifier.verify(token);
            if (caller.role() == Role.USER) {
                assertThat(payload.replace(" ", ""))
                        .as("a user token without a role or with role user")
                        .satisfiesAnyOf(p -> assertThat(p).doesNotContain("\"role\""), p -> assertThat(p.toLowerCase())
                                .contains("\"role\":\"user\""));
            }
        } catch (ApiException e) {
            assertThat(e.status().value()).isEqualTo(401);
        }
    }

    /** {@code payload} as the claims of an HS256 token signed with the right secret. */
    private static String signed(String payload) {
        String head = B64.encodeToString("{\"alg\":\"HS256\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8));
        String body = B64.encodeToString(payload.getBytes(StandardCharsets.UTF_8));
        byte[] signature = Algorithm.HMAC256(SECRET)
                .sign(head.getBytes(StandardCharsets.UTF_8), body.getBytes(StandardCharsets.UTF_8));
        return head + "." + body + "." + B64.encodeToString(signature);
    }
}
