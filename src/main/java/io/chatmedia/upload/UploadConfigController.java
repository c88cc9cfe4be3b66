package io.chatmedia.upload;

import io.chatmedia.security.Caller;
import io.chatmedia.system.ChatMediaProperties;
import io.chatmedia.system.Envelope;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** {@code GET /v1/config}: the limits in force for the caller. */
@RestController
class UploadConfigController {

    private final UploadLimits limits;
    private final ChatMediaProperties properties;

    UploadConfigController(UploadLimits limits, ChatMediaProperties properties) {
        this.limits = limits;
        this.properties = properties;
    }

    @GetMapping("/v1/config")
    Envelope config(Caller caller) {
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("user_id", caller.id());
        answer.put("role", caller.role().label());
        answer.put("max_upload_bytes", limits.maxBytes(caller));
        answer.put("user_max_bytes", properties.limits().userMaxBytes().toBytes());
        answer.put("guest_max_bytes", properties.limits().guestMaxBytes().toBytes());
        answer.put("guest_tokens", properties.auth().guestEndpoint());
        return Envelope.ok(answer);
    }
}
