package io.chatmedia.process.audio;

import java.util.Locale;
import java.util.Optional;

/**
 * Tells a damaged audio file from a merely unusual one after a decode pass, conservatively: only proof counts, never a
 * duration FFmpeg estimated from the bitrate (an MP3 without a Xing header) nor a missing one (Chrome's WebM).
 * Damaged is: audio ending well before what the container declares (WAV data size, Xing/Info frame count, Ogg's last
 * granule, Matroska or MP4 duration); audio missing inside the file where Ogg pages were dropped or packets were
 * corrupt; many packets the decoder refuses. "Well" is half a second or 5 %, whichever is more, so encoder delay and
 * padding never count.
 */
final class Damage {

    private static final long MIN_SLACK_MS = 500;
    private static final int MIN_DAMAGED_PACKETS = 3;

    private Damage() {}

    /**
     * @param missingBytes the declared data the file does not hold ({@link WavSize})
     * @param decodedMs    what the pass decoded, from the start to the end; -1 when it stopped early (then only what
     *                     demuxing to the end shows is compared)
     * @return why the file is damaged, if it is
     */
    static Optional<String> find(AudioHeader header, long missingBytes, AudioInput.Pass pass, long decodedMs) {
        long present = Math.max(decodedMs, pass.endMs());
        if (missingBytes > 0 && header.bitrate() > 0) {
            long missingMs = missingBytes * 8000 / header.bitrate();
            if (missingMs > slack(present + missingMs)) {
                return damaged("its header declares " + time(present + missingMs) + " of audio but the file ends after "
                        + time(present));
            }
        }
        if (!header.estimated() && header.durationMs() - present > slack(header.durationMs())) {
            return damaged("its header says " + time(header.durationMs()) + " but only " + time(present) + " decodes");
        }
        if (decodedMs >= 0) {
            long lost = pass.endMs() - decodedMs;
            boolean ogg = header.format().equals("ogg");
            if (lost > slack(pass.endMs()) && (ogg || pass.damaged() > 0 || pass.demuxError())) {
                return damaged(time(lost) + " of its " + time(pass.endMs()) + " cannot be decoded"
                        + (ogg ? " (corrupt Ogg pages)" : " (corrupt data)"));
            }
        }
        return packets(pass);
    }

    /** The one check that holds for part of a file: many packets the decoder refused. */
    static Optional<String> packets(AudioInput.Pass pass) {
        if (pass.damaged() >= MIN_DAMAGED_PACKETS && pass.damaged() * 100 >= pass.packets()) {
            return damaged(pass.damaged() + " of its " + pass.packets() + " packets cannot be decoded");
        }
        return Optional.empty();
    }

    private static long slack(long ms) {
        return Math.max(MIN_SLACK_MS, ms / 20);
    }

    private static Optional<String> damaged(String why) {
        return Optional.of("the audio is damaged: " + why);
    }

    static String time(long ms) {
        if (ms >= 3_600_000) {
            return String.format(Locale.ROOT, "%.1f h", ms / 3_600_000.0);
        }
        if (ms >= 60_000) {
            return String.format(Locale.ROOT, "%.1f min", ms / 60_000.0);
        }
        return String.format(Locale.ROOT, "%.1f s", ms / 1000.0);
    }
}
