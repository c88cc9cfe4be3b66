package io.chatmedia.security;

import io.chatmedia.system.ApiException;
import io.chatmedia.system.ChatMediaProperties;
import io.chatmedia.system.Envelope;
import java.time.Instant;
import java.util.Map;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/** {@code POST /v1/auth/guest}: a short-lived guest token, so a newcomer can try the server at once. */
@RestController
class GuestTokenController {

    private final TokenVerifier verifier;
    private final ChatMediaProperties.Auth auth;

    GuestTokenController(TokenVerifier verifier, ChatMediaProperties properties) {
        this.verifier = verifier;
        this.auth = properties.auth();
    }

    @PostMapping("/v1/auth/guest")
    Envelope issue() {
        if (!auth.guestEndpoint()) {
            throw ApiException.notFound("guest tokens are switched off on this server");
        }
        TokenVerifier.IssuedToken issued = verifier.issueGuest(Instant.now().plus(auth.guestTokenTtl()));
        return Envelope.ok(Map.of(
                "token", issued.token(),
                "id", issued.caller().id(),
                "role", issued.caller().role().label(),
                "expires_at", issued.expiresAt().getEpochSecond()));
    }
}
