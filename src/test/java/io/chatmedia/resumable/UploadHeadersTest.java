package io.chatmedia.resumable;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The tus request headers as parsed: metadata, checksums, lengths and offsets. */
class UploadHeadersTest {

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "filename d29ybGRfZG9taW5hdGlvbl9wbGFuLnBkZg==,is_confidential|world_domination_plan.pdf",
                "filename 5Zu+54mHLnBuZw==|图片.png",
                "  filename YS5wbmc=  ,  filetype aW1hZ2UvcG5n|a.png",
            })
    void readsMetadataPairs(String header, String filename) {
        UploadMetadata metadata = UploadMetadata.parse(header);
        assertThat(metadata.filename()).isEqualTo(filename);
        assertThat(metadata.raw()).isEqualTo(header.trim());
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "filename %%%",
                "filename YS5wbmc= extra",
                "file name YQ==",
                ",filename YQ==",
                "filename YQ==,filename Yg==",
                "fi\u00e9le YQ==",
            })
    void refusesMalformedMetadata(String header) {
        assertThatThrownBy(() -> UploadMetadata.parse(header))
                .isInstanceOf(TusException.class)
                .extracting(e -> ((TusException) e).status())
                .isEqualTo(400);
    }

    @Test
    void refusesMetadataOverFourKilobytes() {
        String header = "k " + "A".repeat(UploadMetadata.MAX_LENGTH);
        assertThatThrownBy(() -> UploadMetadata.parse(header)).hasMessageContaining("longer than");
    }

    @ParameterizedTest
    @CsvSource({"sha1 qZk+NkcGgWq6PiVxeFDCbJzQ2J0=,sha1", "SHA256 47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=,sha256"})
    void readsChecksums(String header, String algorithm) {
        assertThat(UploadChecksum.parse(header).algorithm()).isEqualTo(algorithm);
    }

    @ParameterizedTest
    @ValueSource(strings = {"crc32 AAAA", "sha1", "sha1 !!!", "sha1 YQ== x"})
    void refusesUnknownOrMalformedChecksums(String header) {
        assertThatThrownBy(() -> UploadChecksum.parse(header)).isInstanceOf(TusException.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {"-1", "1.5", "ten", "", " 5", "+5", "0x10", "9999999999999999999"})
    void refusesLengthsThatAreNotPlainNonNegativeIntegers(String value) {
        assertThatThrownBy(() -> TusHeaders.number("Upload-Length", value)).isInstanceOf(TusException.class);
    }

    @Test
    void readsPlainLengths() {
        assertThat(TusHeaders.number("Upload-Length", "0")).isZero();
        assertThat(TusHeaders.number("Upload-Length", "1073741824")).isEqualTo(1L << 30);
        assertThat(TusHeaders.number("Upload-Length", null)).isNull();
    }
}
