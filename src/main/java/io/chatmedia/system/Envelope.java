package io.chatmedia.system;

/**
 * The answer shape every JSON response has: {@code {"msg":"ok","data":...}} on success,
 * {@code {"msg":"fail","data":"<reason>"}} on failure.
 */
public record Envelope(String msg, Object data) {

    public static Envelope ok(Object data) {
        return new Envelope("ok", data);
    }

    public static Envelope fail(String reason) {
        return new Envelope("fail", reason);
    }
}
