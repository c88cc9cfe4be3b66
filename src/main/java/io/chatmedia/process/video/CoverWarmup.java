package io.chatmedia.process.video;

import io.chatmedia.process.natives.NativesWarmup;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import org.springframework.stereotype.Component;

/**
 * Renders covers of two small clips bundled with ChatMedia (320x180, 1 s, GOP 25 with B-frames: H.264 with an AAC
 * track and HEVC), keyframe and exact, PNG and JPEG, a few times over, before readiness turns UP: the first covers after
 * a start cost twice a warm one otherwise (measured: 140–390 ms against 20–35 ms for a keyframe cover), paying for
 * class loading (JavaCPP's pointer classes, AWT's images, ImageIO's writers), the interpreter, and the first use of each
 * decoder's code and tables. The clips were made with Debian 12's ffmpeg 5.1:
 *
 * <pre>
 * ffmpeg -f lavfi -i testsrc2=size=320x180:rate=25:duration=1 -f lavfi -i sine=frequency=440:sample_rate=48000:duration=1 \
 *   -map 0:v -map 1:a -c:v libx264 -preset veryfast -profile:v high -bf 3 -g 25 -crf 35 -threads 1 -pix_fmt yuv420p \
 *   -c:a aac -b:a 32k -ac 1 -fflags +bitexact -flags:v +bitexact -flags:a +bitexact -movflags +faststart h264.mp4
 * ffmpeg -f lavfi -i testsrc2=size=320x180:rate=25:duration=1 -c:v libx265 -preset fast -crf 35 \
 *   -x265-params keyint=25:min-keyint=25:bframes=3:pools=1:frame-threads=1 -tag:v hvc1 -pix_fmt yuv420p \
 *   -fflags +bitexact -flags:v +bitexact -movflags +faststart hevc.mp4
 * </pre>
 */
@Component
class CoverWarmup implements NativesWarmup {

    private static final String[] CLIPS = {"warmup/h264.mp4", "warmup/hevc.mp4"};

    /** The bench's and a chat client's shapes: a 260 px keyframe cover and an exact one mid-GOP. */
    private static final SnapshotSpec[] SPECS = {
        new SnapshotSpec(500, true, 260, 0, "png", "auto"),
        new SnapshotSpec(600, false, 260, 0, "png", "auto"),
        new SnapshotSpec(500, true, 260, 0, "jpg", "auto"),
        new SnapshotSpec(600, false, 260, 0, "jpg", "auto"),
    };

    /** Enough for the interpreter to hand the per-row loops to the first compiler. */
    private static final int ROUNDS = 4;

    private final VideoReader reader = new VideoReader(VideoLimits.DEFAULT);
    private final CoverRenderer renderer = new CoverRenderer(reader);

    @Override
    public String name() {
        return "video covers";
    }

    @Override
    public void warm() throws IOException {
        for (String clip : CLIPS) {
            byte[] bytes = bundled(clip);
            for (int round = 0; round < ROUNDS; round++) {
                for (SnapshotSpec spec : SPECS) {
                    render(clip, bytes, spec);
                }
            }
        }
    }

    private void render(String clip, byte[] bytes, SnapshotSpec spec) throws IOException {
        RangedBlobInputStream.Ranges ranges = range -> new ByteArrayInputStream(
                bytes, (int) range.offset(), (int) Math.min(range.length(), bytes.length - range.offset()));
        try (RangedBlobInputStream source = new RangedBlobInputStream(ranges, bytes.length);
                VideoInput input = reader.open(source)) {
            renderer.render(input, spec, clip, bytes.length);
        }
    }

    private static byte[] bundled(String clip) throws IOException {
        try (InputStream in = CoverWarmup.class.getResourceAsStream(clip)) {
            if (in == null) {
                throw new IOException("no " + clip + " beside " + CoverWarmup.class.getName());
            }
            return in.readAllBytes();
        }
    }
}
