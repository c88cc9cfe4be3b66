package io.chatmedia.media;

import static org.assertj.core.api.Assertions.assertThat;

import io.chatmedia.testsupport.Fixtures;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ContentSnifferTest {

    private final ContentSniffer sniffer = new ContentSniffer();

    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.CsvSource({
        "audio/sweep.webm, audio/webm",
        "audio/sweep.ogg, audio/ogg",
        "audio/sweep.mp4, audio/mp4",
        "audio/sweep.3gp, audio/3gpp",
        "audio/sweep.m4a, audio/mp4",
        "audio/voice.silk, audio/silk",
        "video/vp9-320x180.webm, video/webm",
        "video/h264-640x360-gop25.mp4, video/mp4",
        "video/h263-176x144.3gp, video/3gpp",
    })
    void namesAudioOnlyContainersAudio(String fixture, String type) throws Exception {
        byte[] bytes = java.nio.file.Files.readAllBytes(java.nio.file.Path.of("src/test/resources", fixture));
        assertThat(sniffer.detect(bytes)).isEqualTo(type);
    }

    @Test
    void namesImagesByTheirBytes() throws Exception {
        assertThat(sniffer.detect(Fixtures.png(4, 4))).isEqualTo("image/png");
        assertThat(sniffer.detect(Fixtures.jpeg(4, 4))).isEqualTo("image/jpeg");
    }

    @Test
    void namesIsoMediaByBrandAndNeverCallsAnIsomFileQuickTime() throws Exception {
        assertThat(sniffer.detect(ftyp("isom"))).isEqualTo("video/mp4");
        assertThat(sniffer.detect(ftyp("mp42"))).isEqualTo("video/mp4");
        assertThat(sniffer.detect(ftyp("qt  "))).isEqualTo("video/quicktime");
        assertThat(sniffer.detect(ftyp("M4A "))).isEqualTo("audio/mp4");
        assertThat(sniffer.detect(ftyp("3gp4"))).isEqualTo("video/3gpp");
        assertThat(sniffer.detect(ftyp("heic"))).isEqualTo("image/heic");
    }

    @Test
    void tellsWebmFromMatroskaByTheEbmlDocType() throws Exception {
        assertThat(sniffer.detect(ebml("webm"))).isEqualTo("video/webm");
        assertThat(sniffer.detect(ebml("matroska"))).isEqualTo("video/x-matroska");
    }

    /** An EBML header: EBMLVersion 1, then DocType. */
    private static byte[] ebml(String docType) {
        byte[] type = docType.getBytes(StandardCharsets.US_ASCII);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(new byte[] {0x1A, 0x45, (byte) 0xDF, (byte) 0xA3});
        out.write(0x80 | (4 + 2 + type.length));
        out.writeBytes(new byte[] {0x42, (byte) 0x86, (byte) 0x81, 0x01});
        out.writeBytes(new byte[] {0x42, (byte) 0x82, (byte) (0x80 | type.length)});
        out.writeBytes(type);
        out.writeBytes(new byte[] {0x18, 0x53, (byte) 0x80, 0x67, 0x01, 0, 0, 0, 0, 0, 0, 0});
        out.writeBytes(new byte[4096]);
        return out.toByteArray();
    }

    @Test
    void namesMarkupAsMarkupWhateverTheName() throws Exception {
        assertThat(sniffer.detect(Fixtures.html())).isEqualTo("text/html");
        assertThat(sniffer.detect(Fixtures.svg())).isEqualTo("image/svg+xml");
    }

    @Test
    void fallsBackToOctetStreamForUnknownBytes() throws Exception {
        assertThat(sniffer.detect(new byte[] {0, 1, 2, 3, (byte) 0xff, 0, 7})).isEqualTo("application/octet-stream");
        assertThat(sniffer.detect("just words".getBytes(StandardCharsets.UTF_8)))
                .isEqualTo("text/plain");
    }

    @Test
    void replaysEveryByteAfterSniffing() throws Exception {
        byte[] bytes = Fixtures.noise(200_000, 9);
        ContentSniffer.Sniffed sniffed = sniffer.sniff(new ByteArrayInputStream(bytes));
        assertThat(sniffed.stream().readAllBytes()).isEqualTo(bytes);
    }

    private static byte[] ftyp(String brand) {
        byte[] bytes = new byte[4096];
        byte[] head = ("\0\0\0\u0018ftyp" + brand + "\0\0\2\0isommp41").getBytes(StandardCharsets.ISO_8859_1);
        System.arraycopy(head, 0, bytes, 0, head.length);
        return bytes;
    }
}
