package io.chatmedia.upload;

import io.chatmedia.security.Caller;
import io.chatmedia.system.ChatMediaProperties;
import org.springframework.stereotype.Component;

/** The largest upload each role may make ({@code chatmedia.limits.*}). */
@Component
public class UploadLimits {

    private final ChatMediaProperties.Limits limits;

    UploadLimits(ChatMediaProperties properties) {
        this.limits = properties.limits();
    }

    public long maxBytes(Caller caller) {
        return (caller.isGuest() ? limits.guestMaxBytes() : limits.userMaxBytes()).toBytes();
    }

    /** The largest upload any role may make (what an anonymous client is told it could reach). */
    public long largestMaxBytes() {
        return Math.max(limits.guestMaxBytes().toBytes(), limits.userMaxBytes().toBytes());
    }
}
