package io.chatmedia.resumable;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;

/**
 * Any {@code Upload-Metadata}, {@code Upload-Checksum} and length or offset header: a value within the protocol's
 * rules, or a 400 naming the header; never another failure.
 */
class TusHeadersFuzzTest {

    @FuzzTest(maxDuration = "30s")
    void parsesOrRefusesWithA400(FuzzedDataProvider data) {
        String number = data.consumeString(24);
        String checksum = data.consumeString(128);
        String metadata = data.consumeRemainingAsString();
        try {
            Long value = TusHeaders.number("Upload-Offset", number);
            assertThat(value).isNotNegative();
        } catch (TusException e) {
            refused(e, "Upload-Offset");
        }
        try {
            UploadChecksum parsed = UploadChecksum.parse(checksum);
            assertThat(UploadChecksum.ALGORITHMS).containsKey(parsed.algorithm());
            assertThat(parsed.newDigest()).isNotNull();
        } catch (TusException e) {
            refused(e, "Upload-Checksum");
        }
        try {
            UploadMetadata parsed = UploadMetadata.parse(metadata);
            assertThat(metadata.length()).isLessThanOrEqualTo(UploadMetadata.MAX_LENGTH);
            assertThat(parsed.values().keySet())
                    .allSatisfy(key -> assertThat(key).isNotEmpty().doesNotContain(",", " "));
        } catch (TusException e) {
            refused(e, "Upload-Metadata");
        }
    }

    private static void refused(TusException e, String header) {
        assertThat(e.status()).isEqualTo(400);
        assertThat(e.getMessage()).contains(header);
    }
}
