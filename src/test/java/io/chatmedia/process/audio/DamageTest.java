package io.chatmedia.process.audio;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** What counts as damaged audio, and what must not (the flow test has a file for each of the first kind). */
class DamageTest {

    private static AudioHeader header(String format, long durationMs, boolean estimated) {
        return new AudioHeader(format, "opus", 48_000, 1, 32_000, durationMs, estimated);
    }

    private static AudioInput.Pass pass(long decodedMs, long endMs, long packets, long damaged) {
        return new AudioInput.Pass(decodedMs * 48, endMs, false, packets, damaged, false);
    }

    @Test
    void aHeaderClaimingMoreThanDecodesIsDamage() {
        assertThat(Damage.find(header("mp3", 3000, false), 0, pass(1176, 1176, 46, 0), 1176))
                .hasValue("the audio is damaged: its header says 3.0 s but only 1.2 s decodes");
        assertThat(Damage.find(header("matroska,webm", 36_000_000, false), 0, pass(3000, 3014, 151, 0), 3000))
                .hasValue("the audio is damaged: its header says 10.0 h but only 3.0 s decodes");
    }

    @Test
    void estimatedOrMissingDurationsAndPaddingAreNot() {
        // a VBR MP3 without a Xing header: FFmpeg's estimate from the first frames' bitrate
        assertThat(Damage.find(header("mp3", 5200, true), 0, pass(3000, 3000, 115, 0), 3000))
                .isEmpty();
        // Chrome's WebM: no duration
        assertThat(Damage.find(header("matroska,webm", 0, false), 0, pass(60_000, 60_000, 3000, 0), 60_000))
                .isEmpty();
        // encoder delay and padding: well under half a second
        assertThat(Damage.find(header("mov,mp4", 3400, false), 0, pass(3000, 3000, 142, 0), 3000))
                .isEmpty();
        // 5 % of a long recording
        assertThat(Damage.find(header("ogg", 600_000, false), 0, pass(575_000, 575_000, 28_750, 0), 575_000))
                .isEmpty();
    }

    @Test
    void missingAudioInsideCountsForOggOrWithCorruptPacketsOnly() {
        assertThat(Damage.find(header("ogg", 3006, false), 0, pass(2000, 3000, 101, 0), 2000))
                .hasValue("the audio is damaged: 1.0 s of its 3.0 s cannot be decoded (corrupt Ogg pages)");
        // a WebM with a gap in its timestamps (a recorder that stalled) is not proof of damage by itself
        assertThat(Damage.find(header("matroska,webm", 0, false), 0, pass(2000, 3000, 100, 0), 2000))
                .isEmpty();
        assertThat(Damage.find(header("matroska,webm", 0, false), 0, pass(2000, 3000, 100, 1), 2000))
                .hasValue("the audio is damaged: 1.0 s of its 3.0 s cannot be decoded (corrupt data)");
    }

    @Test
    void aFewRefusedPacketsAreSkippedAsPlayersDo() {
        assertThat(Damage.packets(pass(3000, 3000, 150, 2))).isEmpty();
        assertThat(Damage.packets(pass(60_000, 60_000, 3000, 20))).isEmpty();
        assertThat(Damage.packets(pass(3000, 3000, 150, 3)))
                .hasValue("the audio is damaged: 3 of its 150 packets cannot be decoded");
    }

    @Test
    void aWavWhoseDataChunkIsBeyondTheFileIsDamage() {
        AudioHeader wav = new AudioHeader("wav", "pcm_s16le", 16_000, 1, 256_000, 3000, true);
        assertThat(Damage.find(wav, 0xFFFFFF00L - 96_000, pass(3000, 3000, 47, 1), 3000))
                .hasValue("the audio is damaged: its header declares 37.3 h of audio but the file ends after 3.0 s");
        assertThat(Damage.find(wav, 100, pass(3000, 3000, 47, 1), 3000)).isEmpty();
    }

    @ParameterizedTest
    @CsvSource({
        "96000, 96000, 0", // as written
        "0xFFFFFF00, 96000, 4294871040", // claims 4 GB
        "0xFFFFFFFF, 96000, 0", // written to a pipe: unknown length
        "0x7FFFF000, 96000, 0", // another writer's unknown length
        "0, 96000, 0",
        "96000, 40000, 56000", // cut short
    })
    void wavDataSizes(String declared, long present, long missing) {
        byte[] header = wav(Long.decode(declared));
        assertThat(WavSize.missing(header, header.length + present)).isEqualTo(missing);
    }

    @Test
    void notAWavIsNeverMissingAnything() {
        assertThat(WavSize.missing(new byte[] {'O', 'g', 'g', 'S'}, 100)).isZero();
        assertThat(WavSize.missing(new byte[0], 0)).isZero();
    }

    /** A WAV header with a LIST chunk to skip on the way: RIFF, WAVE, fmt, LIST, data (56 bytes). */
    private static byte[] wav(long dataSize) {
        ByteBuffer b = ByteBuffer.allocate(12 + 24 + 12 + 8).order(ByteOrder.LITTLE_ENDIAN);
        b.put("RIFF".getBytes()).putInt(-1).put("WAVE".getBytes());
        b.put("fmt ".getBytes())
                .putInt(16)
                .putShort((short) 1)
                .putShort((short) 1)
                .putInt(16_000)
                .putInt(32_000);
        b.putShort((short) 2).putShort((short) 16);
        b.put("LIST".getBytes()).putInt(3).put(new byte[] {1, 2, 3, 0});
        b.put("data".getBytes()).putInt((int) dataSize);
        return b.array();
    }
}
