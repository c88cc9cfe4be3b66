package io.chatmedia.process.video;

import io.chatmedia.process.spec.ProcessAction;
import io.chatmedia.system.ApiException;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * {@code video/snapshot} as OSS defines it (contract §3): {@code t} ms, {@code m_fast} for the keyframe at or before
 * t (absent: the exact frame), {@code w}/{@code h} (0 = derived; both 0 = the video's size), {@code f} jpg|png,
 * {@code ar} auto|h|w. Errors name the action and parameter.
 */
record SnapshotSpec(long timeMs, boolean fast, int width, int height, String format, String aspect) {

    static final int MAX_SIDE = 3840;
    private static final Set<String> KEYS = Set.of("t", "m", "w", "h", "f", "ar");

    static SnapshotSpec of(ProcessAction action) {
        if (action.bareValue() != null) {
            throw fail("unexpected value '" + action.bareValue() + "'");
        }
        for (String key : action.params().keySet()) {
            if (!KEYS.contains(key)) {
                throw fail("unknown parameter '" + key + "'");
            }
        }
        Map<String, String> p = action.params();
        long time = p.containsKey("t") ? number(p.get("t"), "t must be a non-negative integer (ms)") : 0;
        String mode = p.get("m");
        if (mode != null && !mode.equals("fast")) {
            throw fail("m must be fast (or absent for the exact frame)");
        }
        int width = (int) Math.min(
                Integer.MAX_VALUE,
                p.containsKey("w") ? number(p.get("w"), "w must be a non-negative integer (px)") : 0);
        int height = (int) Math.min(
                Integer.MAX_VALUE,
                p.containsKey("h") ? number(p.get("h"), "h must be a non-negative integer (px)") : 0);
        if (width > MAX_SIDE) {
            throw fail("w must be at most " + MAX_SIDE);
        }
        if (height > MAX_SIDE) {
            throw fail("h must be at most " + MAX_SIDE);
        }
        String format = p.getOrDefault("f", "jpg").toLowerCase(Locale.ROOT);
        if (format.equals("jpeg")) {
            format = "jpg";
        }
        if (!format.equals("jpg") && !format.equals("png")) {
            throw fail("f must be jpg or png");
        }
        String aspect = p.getOrDefault("ar", "auto");
        if (!aspect.equals("auto") && !aspect.equals("h") && !aspect.equals("w")) {
            throw fail("ar must be auto, h or w");
        }
        return new SnapshotSpec(time, mode != null, width, height, format, aspect);
    }

    /** Every parameter with its default filled in: one string for every spelling of the same cover. */
    String canonical() {
        return "video/snapshot,t_" + timeMs + (fast ? ",m_fast" : "") + ",w_" + width + ",h_" + height + ",f_" + format
                + ",ar_" + aspect;
    }

    /** The output size for a frame that is {@code sourceWidth}×{@code sourceHeight} once oriented. */
    int[] outputSize(int sourceWidth, int sourceHeight) {
        if (width > sourceWidth) {
            throw fail("w must be at most the video's width (" + sourceWidth + ")");
        }
        if (height > sourceHeight) {
            throw fail("h must be at most the video's height (" + sourceHeight + ")");
        }
        if (width == 0 && height == 0) {
            return new int[] {sourceWidth, sourceHeight};
        }
        if (height == 0) {
            return new int[] {width, Math.max(1, (int) Math.round((double) width * sourceHeight / sourceWidth))};
        }
        if (width == 0) {
            return new int[] {Math.max(1, (int) Math.round((double) height * sourceWidth / sourceHeight)), height};
        }
        return new int[] {width, height};
    }

    static ApiException fail(String reason) {
        return ApiException.badRequest("video/snapshot: " + reason);
    }

    private static long number(String value, String reason) {
        if (value.isEmpty() || value.length() > 18 || !value.chars().allMatch(Character::isDigit)) {
            throw fail(reason);
        }
        return Long.parseLong(value);
    }
}
