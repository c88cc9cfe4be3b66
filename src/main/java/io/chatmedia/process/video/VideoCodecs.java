package io.chatmedia.process.video;

import java.lang.reflect.Field;
import org.bytedeco.ffmpeg.avcodec.AVCodecContext;
import org.bytedeco.javacv.FFmpegFrameGrabber;

/**
 * The video decoder context of a started grabber. JavaCV keeps it private; reading it lets an exact cover skip the
 * frames nothing refers to. When a JavaCV version renames the field, covers stay exact, only slower.
 */
final class VideoCodecs {

    private static final Field FIELD = field();

    private VideoCodecs() {}

    static AVCodecContext of(FFmpegFrameGrabber grabber) {
        if (FIELD == null) {
            return null;
        }
        try {
            return (AVCodecContext) FIELD.get(grabber);
        } catch (IllegalAccessException e) {
            return null;
        }
    }

    private static Field field() {
        try {
            Field field = FFmpegFrameGrabber.class.getDeclaredField("video_c");
            field.setAccessible(true);
            return field;
        } catch (ReflectiveOperationException | RuntimeException e) {
            return null;
        }
    }
}
