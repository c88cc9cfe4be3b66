package io.chatmedia.process.audio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.chatmedia.media.MediaService;
import io.chatmedia.media.MediaUrls;
import io.chatmedia.media.StoredBlob;
import io.chatmedia.security.Caller;
import io.chatmedia.security.Role;
import io.chatmedia.storage.BlobStores;
import io.chatmedia.testsupport.HttpFlowTest;
import io.chatmedia.testsupport.Multipart;
import io.chatmedia.testsupport.Tokens;
import java.io.ByteArrayInputStream;
import java.net.http.HttpResponse;
import java.nio.ShortBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import org.bytedeco.javacv.FFmpegFrameRecorder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

/**
 * Voice messages over HTTP: probing at upload (duration, waveform, play URL), {@code audio/convert} checked against
 * Debian's ffprobe/ffmpeg, {@code audio/waveform}, and every bad input of issue 10. Fixtures in
 * src/test/resources/audio (generate.sh).
 */
class AudioFlowTest extends HttpFlowTest {

    private static final Path FIXTURES = Path.of("src/test/resources/audio");
    private static final double SWEEP_MS = 3000;
    private final String token = Tokens.user("voice-user");

    @TempDir
    Path temp;

    @Autowired
    BlobStores stores;

    @Autowired
    MediaService mediaService;

    @ParameterizedTest
    @CsvSource({
        "sweep.webm, audio/webm, opus, 48000",
        "sweep.ogg, audio/ogg, opus, 48000",
        "sweep-vorbis.ogg, audio/vorbis, vorbis, 44100",
        "sweep.m4a, audio/mp4, aac, 44100",
        "sweep.mp4, audio/mp4, aac, 48000",
        "sweep.3gp, audio/3gpp, aac, 16000",
        "sweep.mp3, audio/mpeg, mp3, 44100",
        "sweep.wav, audio/vnd.wave, pcm_s16le, 16000",
        "sweep.flac, audio/x-flac, flac, 22050",
    })
    void probesEveryVoiceFormatAsAudio(String fixture, String contentType, String codec, int rate) throws Exception {
        JsonNode media = upload(fixture);
        assertThat(media.get("kind").asString()).isEqualTo("audio");
        assertThat(media.get("content_type").asString()).isEqualTo(contentType);
        assertThat(media.get("audio_codec").asString()).isEqualTo(codec);
        assertThat(media.get("sample_rate").asInt()).isEqualTo(rate);
        assertThat(media.get("channels").asInt()).isEqualTo(1);
        assertThat(media.get("bitrate").asLong()).isPositive();
        assertThat(media.get("duration_ms").asDouble()).isCloseTo(SWEEP_MS, within(60.0));
        assertWaveform(media.get("waveform"), 100);
        assertThat(media.get("play_url").asString())
                .isEqualTo(media.get("url").asString() + "?x-oss-process=audio/convert,f_m4a");
    }

    @ParameterizedTest
    @CsvSource({
        "m4a, audio/mp4, mov, aac, 48000",
        "aac, audio/aac, aac, aac, 48000",
        "mp3, audio/mpeg, mp3, mp3, 48000",
        "ogg, audio/ogg, ogg, opus, 48000",
        "opus, audio/ogg, ogg, opus, 48000",
        "wav, audio/wav, wav, pcm_s16le, 48000",
        "flac, audio/flac, flac, flac, 48000",
        "amr, audio/amr, amr, amr_nb, 8000",
    })
    void convertsAVoiceMessageIntoEachFormat(String f, String contentType, String format, String codec, int rate)
            throws Exception {
        JsonNode media = upload("sweep.webm");
        HttpResponse<byte[]> converted = get(media.get("url").asString() + "?x-oss-process=audio/convert,f_" + f);
        assertThat(converted.statusCode()).isEqualTo(200);
        assertThat(converted.headers().firstValue("Content-Type")).hasValue(contentType);
        Path file = AudioTools.write(temp, "out." + f, converted.body());
        JsonNode probe = AudioTools.probe(file);
        JsonNode stream = probe.get("streams").get(0);
        assertThat(probe.get("format").get("format_name").asString()).contains(format);
        assertThat(stream.get("codec_name").asString()).isEqualTo(codec);
        assertThat(stream.get("sample_rate").asInt()).isEqualTo(rate);
        assertThat(stream.get("channels").asInt()).isEqualTo(1);
        assertThat(decodedMs(file)).isCloseTo(decodedMs(FIXTURES.resolve("sweep.webm")), within(50.0));
        assertSameSignal(FIXTURES.resolve("sweep.webm"), file, 0);
    }

    @Test
    void convertsWithRateChannelsBitrateAndAPart() throws Exception {
        JsonNode media = upload("sweep.mp3");
        String url = media.get("url").asString();
        HttpResponse<byte[]> converted =
                get(url + "?x-oss-process=audio/convert,f_m4a,ar_16000,ac_2,ab_32000,ss_1000,t_1500");
        assertThat(converted.statusCode()).isEqualTo(200);
        Path file = AudioTools.write(temp, "part.m4a", converted.body());
        JsonNode stream = AudioTools.probe(file).get("streams").get(0);
        assertThat(stream.get("sample_rate").asInt()).isEqualTo(16000);
        assertThat(stream.get("channels").asInt()).isEqualTo(2);
        assertThat(stream.get("bit_rate").asLong()).isBetween(20_000L, 40_000L);
        assertThat(decodedMs(file)).isCloseTo(1500, within(50.0));
        assertSameSignal(FIXTURES.resolve("sweep.mp3"), file, 1000);

        HttpResponse<byte[]> rest = get(url + "?x-oss-process=audio/convert,f_wav,ss_1000"); // to the end
        assertThat(rest.statusCode()).isEqualTo(200);
        assertThat(decodedMs(AudioTools.write(temp, "rest.wav", rest.body()))).isCloseTo(2000, within(50.0));

        HttpResponse<byte[]> range = get(url + "?x-oss-process=audio/convert,f_mp3", "Range", "bytes=100-199");
        assertThat(range.statusCode()).isEqualTo(206);
        assertThat(range.body()).hasSize(100);
    }

    @Test
    void convertsTheSoundOfAVideo() throws Exception {
        JsonNode media = upload(Path.of("src/test/resources/video/h264-640x360-gop25.mp4"), "video/mp4");
        HttpResponse<byte[]> converted = get(media.get("url").asString() + "?x-oss-process=audio/convert,f_mp3");
        assertThat(converted.statusCode()).isEqualTo(200);
        assertThat(AudioTools.probe(AudioTools.write(temp, "video.mp3", converted.body()))
                        .get("streams")
                        .get(0)
                        .get("codec_name")
                        .asString())
                .isEqualTo("mp3");
    }

    @Test
    void convertsTheSoundOfAVideoThatEndsBeforeItsPicture() throws Exception {
        JsonNode media = upload("video-short-sound.mp4");
        assertThat(media.get("kind").asString()).isEqualTo("video");
        assertThat(media.get("duration_ms").asLong()).isEqualTo(4000);
        HttpResponse<byte[]> converted = get(media.get("url").asString() + "?x-oss-process=audio/convert,f_m4a");
        assertThat(converted.statusCode()).isEqualTo(200);
        assertThat(decodedMs(AudioTools.write(temp, "short-sound.m4a", converted.body())))
                .isCloseTo(2000, within(50.0));
    }

    /**
     * A video whose sound is damaged is still a video a chat shows: it is stored and its picture served (its sound is
     * not decoded at upload, which would cost every video a decode of its whole sound), but its sound cannot be
     * converted: a 400 naming the damage, nothing derived kept.
     */
    @Test
    void storesAVideoWithADamagedSoundButRefusesToConvertItsSound() throws Exception {
        JsonNode media = upload("video-broken-sound.mp4");
        assertThat(media.get("kind").asString()).isEqualTo("video");
        assertThat(media.get("width").asInt()).isEqualTo(640);
        assertThat(media.get("has_audio").asBoolean()).isTrue();
        String url = media.get("url").asString();
        HttpResponse<byte[]> snapshot = get(url + "?x-oss-process=video/snapshot,t_1000,f_png");
        assertThat(snapshot.statusCode()).isEqualTo(200);
        assertThat(assertFails(get(url + "?x-oss-process=audio/convert,f_m4a"), 400))
                .startsWith("audio/convert: the audio is damaged: ");
        assertThat(assertFails(get(url + "?x-oss-process=audio/convert,f_mp3,ss_500,t_1000"), 400))
                .startsWith("audio/convert: the audio is damaged: ");
        assertThat(assertFails(get(url + "?x-oss-process=audio/waveform"), 400))
                .startsWith("audio/waveform: the audio is damaged: ");
        assertThat(derivedFilesOf(media.get("id").asString())).isOne();
    }

    @Test
    void waveformShowsLoudAndQuietHalves() throws Exception {
        JsonNode media = upload("halves.wav");
        int[] atUpload = ints(media.get("waveform"));
        assertHalves(atUpload);
        JsonNode document = json(get(media.get("url").asString() + "?x-oss-process=audio/waveform,n_50"));
        assertThat(document.get("duration_ms").asLong()).isEqualTo(2000);
        int[] fifty = ints(document.get("waveform"));
        assertThat(fifty).hasSize(50);
        assertHalves(fifty);
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "audio/convert,f_exe | audio/convert: f must be one of",
                "audio/convert,ar_7 | audio/convert: ar must be an integer in [8000,96000]",
                "audio/convert,ac_9 | audio/convert: ac must be an integer in [1,2]",
                "audio/convert,ab_0 | audio/convert: ab must be an integer",
                "audio/convert,ss_-1 | audio/convert: ss must be an integer >= 0",
                "audio/convert,t_0 | audio/convert: t must be an integer >= 1",
                "audio/convert,f_ogg,ar_44100 | audio/convert: ar 44100 cannot be encoded as ogg",
                "audio/convert,f_amr,ac_2 | audio/convert: ac must be 1 for amr",
                "audio/convert,f_wav,ab_64000 | audio/convert: ab does not apply to wav",
                "audio/convert,bogus_1 | audio/convert: unknown parameter 'bogus'",
                "audio/convert/image/resize,w_10 | x-oss-process: audio takes exactly one action",
                "audio/waveform,n_10 | audio/waveform: n must be an integer in [30,1000]",
                "audio/explode | x-oss-process: unknown audio action 'explode'",
            })
    void refusesBadParametersNamingActionAndParameter(String process, String message) throws Exception {
        JsonNode media = upload("sweep.ogg");
        String reason = assertFails(get(media.get("url").asString() + "?x-oss-process=" + process), 400);
        assertThat(reason).startsWith(message);
        assertThat(derivedFilesOf(media.get("id").asString())).isZero();
    }

    @Test
    void refusesSourcesThatAreNotAudio() throws Exception {
        JsonNode image = upload(Path.of("src/test/resources/image/photo.jpg"), "image/jpeg");
        assertThat(assertFails(get(image.get("url").asString() + "?x-oss-process=audio/convert"), 400))
                .isEqualTo("audio/convert: the file is not audio");
        JsonNode text = upload(Path.of("src/test/resources/image/not-an-image.txt"), "text/plain");
        assertThat(assertFails(get(text.get("url").asString() + "?x-oss-process=audio/convert,f_mp3"), 400))
                .isEqualTo("audio/convert: the file is not audio");
        JsonNode silent = upload(Path.of("src/test/resources/video/hevc-640x360.mp4"), "video/mp4");
        assertThat(assertFails(get(silent.get("url").asString() + "?x-oss-process=audio/convert"), 400))
                .isEqualTo("audio/convert: the file has no audio track");
        assertThat(derivedFilesOf(silent.get("id").asString())).isZero();
    }

    @Test
    void recognisesSilkAndRefusesToConvertIt() throws Exception {
        JsonNode media = upload("voice.silk");
        assertThat(media.get("kind").asString()).isEqualTo("audio");
        assertThat(media.get("content_type").asString()).isEqualTo("audio/silk");
        assertThat(media.get("audio_codec").asString()).isEqualTo("silk");
        assertThat(media.get("play_url").isNull()).isTrue();
        String reason = assertFails(get(media.get("url").asString() + "?x-oss-process=audio/convert"), 415);
        assertThat(reason).contains("SILK");
        assertFails(get(media.get("url").asString() + "?x-oss-process=audio/waveform"), 415);
        assertThat(derivedFilesOf(media.get("id").asString())).isZero();
    }

    @Test
    void refusesAnEmptyOgg() throws Exception {
        State before = state();
        assertFails(
                postMultipart(
                        "/v1/media", token, Multipart.create().file("file", "zero.ogg", "audio/ogg", new byte[0])),
                400);
        assertNothingLeftBehind(before);
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "truncated.mp3 | its header says 3.0 s but only 1.2 s decodes",
                "huge-header.wav | its header declares 37.3 h of audio but the file ends after 3.0 s",
                "corrupt-page.ogg | 1.0 s of its 3.0 s cannot be decoded (corrupt Ogg pages)",
                "lying-duration.webm | its header says 10.0 h but only 3.0 s decodes",
            })
    void refusesDamagedAudioAtUploadLeavingNothing(String fixture, String why) throws Exception {
        State before = state();
        HttpResponse<byte[]> response = postMultipart(
                "/v1/media",
                token,
                Multipart.create()
                        .file(
                                "file",
                                fixture,
                                "application/octet-stream",
                                Files.readAllBytes(FIXTURES.resolve(fixture))));
        assertThat(assertFails(response, 400)).isEqualTo("the audio is damaged: " + why);
        assertNothingLeftBehind(before);
    }

    @ParameterizedTest
    @CsvSource({"truncated.mp3", "huge-header.wav", "corrupt-page.ogg", "lying-duration.webm"})
    void refusesToConvertDamagedAudioStoredBeforeTheCheck(String fixture) throws Exception {
        String url = storedUnprobed(fixture);
        assertThat(assertFails(get(url + "?x-oss-process=audio/convert,f_m4a"), 400))
                .startsWith("audio/convert: the audio is damaged: ");
        assertThat(assertFails(get(url + "?x-oss-process=audio/waveform"), 400))
                .startsWith("audio/waveform: the audio is damaged: ");
        assertThat(assertFails(get(url + "?x-oss-process=audio/convert,f_mp3,ss_0"), 400))
                .startsWith("audio/convert: the audio is damaged: ");
    }

    @ParameterizedTest
    @CsvSource({"vbr-no-xing.mp3, audio/mpeg", "no-duration.webm, audio/webm", "streamed.wav, audio/vnd.wave"})
    void acceptsUnusualButSoundFiles(String fixture, String contentType) throws Exception {
        JsonNode media = upload(fixture);
        assertThat(media.get("content_type").asString()).isEqualTo(contentType);
        assertThat(media.get("duration_ms").asDouble()).isCloseTo(SWEEP_MS, within(60.0));
        assertWaveform(media.get("waveform"), 100);
        HttpResponse<byte[]> converted = get(media.get("play_url").asString());
        assertThat(converted.statusCode()).isEqualTo(200);
        assertThat(decodedMs(AudioTools.write(temp, "sound.m4a", converted.body())))
                .isCloseTo(SWEEP_MS, within(60.0));
    }

    @Test
    void recordsAnAudioOnlyMp4WithItsIndexAtTheEndAsAudio() throws Exception {
        JsonNode media = upload("index-at-end.mp4");
        assertThat(media.get("kind").asString()).isEqualTo("audio");
        assertThat(media.get("content_type").asString()).isEqualTo("audio/mp4");
        assertThat(media.get("audio_codec").asString()).isEqualTo("aac");
        assertThat(media.get("duration_ms").asDouble()).isCloseTo(12_000, within(60.0));
        assertWaveform(media.get("waveform"), 100);
        assertThat(media.get("width").isNull()).isTrue();
        HttpResponse<byte[]> served = get(media.get("url").asString());
        assertThat(served.headers().firstValue("Content-Type")).hasValue("audio/mp4");
        assertThat(assertOk(get("/v1/media/" + media.get("id").asString(), "Authorization", "Bearer " + token), 200)
                        .get("kind")
                        .asString())
                .isEqualTo("audio");
    }

    /**
     * AMR input (Android recorders, uni-app): Debian's ffmpeg has no AMR encoder, so the fixtures are written here with
     * the encoders in the server's own FFmpeg natives (opencore AMR-NB, VisualOn AMR-WB) through JavaCV's recorder: the
     * 3 s sweep. Probed, then converted; the conversion checked against Debian's decoding of the same AMR file.
     */
    @ParameterizedTest
    @CsvSource({
        "libopencore_amrnb, 8000, 12200, audio/amr, amr_nb",
        "libvo_amrwbenc, 16000, 23850, audio/amr-wb, amr_wb"
    })
    void probesAndConvertsAmr(String encoder, int rate, int bitrate, String contentType, String codec)
            throws Exception {
        Path amr = temp.resolve("voice-" + codec + ".amr");
        try (FFmpegFrameRecorder recorder = new FFmpegFrameRecorder(amr.toFile(), 1)) {
            recorder.setFormat("amr");
            recorder.setAudioCodecName(encoder);
            recorder.setSampleRate(rate);
            recorder.setAudioBitrate(bitrate);
            recorder.start();
            short[] sweep = new short[rate * 3];
            for (int i = 0; i < sweep.length; i++) {
                double t = (double) i / rate;
                sweep[i] = (short) Math.round(0.5 * 32767 * Math.sin(2 * Math.PI * (300 * t + 450 * t * t)));
            }
            recorder.recordSamples(rate, 1, ShortBuffer.wrap(sweep));
            recorder.stop();
        }
        JsonNode media = upload(amr, "application/octet-stream");
        assertThat(media.get("kind").asString()).isEqualTo("audio");
        assertThat(media.get("content_type").asString()).isEqualTo(contentType);
        assertThat(media.get("audio_codec").asString()).isEqualTo(codec);
        assertThat(media.get("sample_rate").asInt()).isEqualTo(rate);
        assertThat(media.get("channels").asInt()).isEqualTo(1);
        // the encoders' delay adds about 100 ms of frames to the 3 s: the file's own length, as Debian decodes it
        assertThat(media.get("duration_ms").asDouble()).isCloseTo(decodedMs(amr), within(60.0));
        assertWaveform(media.get("waveform"), 100);
        HttpResponse<byte[]> converted = get(media.get("play_url").asString());
        assertThat(converted.statusCode()).isEqualTo(200);
        Path m4a = AudioTools.write(temp, "from-" + codec + ".m4a", converted.body());
        JsonNode stream = AudioTools.probe(m4a).get("streams").get(0);
        assertThat(stream.get("codec_name").asString()).isEqualTo("aac");
        // encoded at a multiple of the source's rate where an AAC frame is short enough (see the test below)
        assertThat(stream.get("sample_rate").asInt()).isEqualTo(rate == 8000 ? 24000 : 32000);
        assertThat(decodedMs(m4a)).isCloseTo(decodedMs(amr), within(50.0));
        assertSameSignal(amr, m4a, 0);
    }

    /**
     * Narrowband voice (AMR-NB and many recorders are 8 kHz, AMR-WB 16 kHz) keeps its length in every lossy format, as
     * Debian's ffmpeg decodes it and, where the container has one, as ffprobe reads its duration. An encoder's delay
     * and padding are whole frames (AAC 1024 samples: 128 ms at 8 kHz); where the container does not trim them (ADTS
     * cannot, FFmpeg ignores the end of an MP4 edit list) the result is encoded at a multiple of the source's rate.
     */
    @ParameterizedTest
    @CsvSource({
        "8000, m4a",
        "8000, aac",
        "8000, mp3",
        "8000, opus",
        "16000, m4a",
        "16000, aac",
        "16000, mp3",
        "16000, opus"
    })
    void keepsTheLengthOfNarrowbandVoice(int rate, String f) throws Exception {
        Path wav = temp.resolve("sweep-" + rate + ".wav");
        AudioTools.run(
                "ffmpeg",
                "-v",
                "error",
                "-nostdin",
                "-f",
                "lavfi",
                "-i",
                "aevalsrc=0.5*sin(2*PI*(300*t+450*t*t)):s=" + rate + ":d=3",
                "-c:a",
                "pcm_s16le",
                wav.toString());
        JsonNode media = upload(wav, "application/octet-stream");
        HttpResponse<byte[]> converted = get(media.get("url").asString() + "?x-oss-process=audio/convert,f_" + f);
        assertThat(converted.statusCode()).isEqualTo(200);
        Path file = AudioTools.write(temp, "narrow-" + rate + "." + f, converted.body());
        assertThat(decodedMs(file)).isCloseTo(SWEEP_MS, within(50.0));
        if (!f.equals("aac")) { // ADTS has no duration: ffprobe estimates one from the bitrate
            assertThat(AudioTools.probe(file).get("format").get("duration").asDouble() * 1000)
                    .isCloseTo(SWEEP_MS, within(50.0));
        }
        assertSameSignal(wav, file, 0);
    }

    /** A fixture stored and recorded without the probe at upload (as files uploaded before it refused damage were). */
    private String storedUnprobed(String fixture) throws Exception {
        byte[] bytes = Files.readAllBytes(FIXTURES.resolve(fixture));
        String key = "unprobed/" + UUID.randomUUID() + "-" + fixture;
        mediaService.intend(stores.local(), key); // as every upload does before its blob is written
        stores.local().put(key, new ByteArrayInputStream(bytes));
        StoredBlob blob = new StoredBlob(stores.local(), key, bytes.length, "0".repeat(64), "audio/mpeg");
        mediaService.record(new Caller("voice-user", "voice-user", Role.USER), blob, fixture, 0);
        return MediaUrls.pathOf(key);
    }

    @Test
    void probesThreeHoursOfSilenceWithoutAWaveform() throws Exception {
        Path silence = temp.resolve("silence.flac");
        AudioTools.run(
                "ffmpeg",
                "-v",
                "error",
                "-nostdin",
                "-f",
                "lavfi",
                "-i",
                "anullsrc=r=8000:cl=mono",
                "-t",
                "10800",
                "-c:a",
                "flac",
                silence.toString());
        JsonNode media = upload(silence, "audio/flac");
        assertThat(media.get("kind").asString()).isEqualTo("audio");
        assertThat(media.get("duration_ms").asLong()).isCloseTo(10_800_000L, within(1000L));
        assertThat(media.get("waveform").isNull()).isTrue();
        assertThat(media.get("sample_rate").asInt()).isEqualTo(8000);
        assertThat(media.get("play_url").isNull()).isFalse();
        assertThat(assertFails(get(media.get("url").asString() + "?x-oss-process=audio/waveform"), 400))
                .contains("longer than the waveform limit");
    }

    private static void assertHalves(int[] waveform) {
        int half = waveform.length / 2;
        for (int i = 1; i < half - 1; i++) {
            assertThat(waveform[i]).isGreaterThan(900);
        }
        for (int i = half + 1; i < waveform.length - 1; i++) {
            assertThat(waveform[i]).isBetween(100, 160);
        }
    }

    private static void assertWaveform(JsonNode waveform, int n) {
        int[] values = ints(waveform);
        assertThat(values).hasSize(n);
        assertThat(java.util.Arrays.stream(values).min().orElse(0)).isGreaterThanOrEqualTo(0);
        assertThat(java.util.Arrays.stream(values).max().orElse(0)).isLessThanOrEqualTo(1024);
        assertThat(values).contains(1024);
    }

    private static int[] ints(JsonNode array) {
        int[] values = new int[array.size()];
        for (int i = 0; i < values.length; i++) {
            values[i] = array.get(i).asInt();
        }
        return values;
    }

    /** Dominant frequency of each 100 ms window of {@code converted} within 5 % of the source's at the same time. */
    private static void assertSameSignal(Path source, Path converted, int offsetMs) throws Exception {
        int rate = 8000;
        List<Double> expected = AudioTools.dominantFrequencies(AudioTools.decode(source, rate), rate, 100);
        List<Double> actual = AudioTools.dominantFrequencies(AudioTools.decode(converted, rate), rate, 100);
        int offset = offsetMs / 100;
        int compared = 0;
        for (int w = 1; w < actual.size() - 1 && w + offset < expected.size() - 1; w++) {
            assertThat(actual.get(w))
                    .as("window %d", w)
                    .isCloseTo(expected.get(w + offset), within(expected.get(w + offset) * 0.05));
            compared++;
        }
        assertThat(compared).isGreaterThan(5);
    }

    private static double decodedMs(Path file) throws Exception {
        return AudioTools.decode(file, 48000).length / 48.0;
    }

    private JsonNode upload(String fixture) throws Exception {
        return upload(FIXTURES.resolve(fixture), "application/octet-stream");
    }

    private JsonNode upload(Path file, String type) throws Exception {
        return assertOk(
                postMultipart(
                        "/v1/media",
                        token,
                        Multipart.create().file("file", file.getFileName().toString(), type, Files.readAllBytes(file))),
                201);
    }
}
