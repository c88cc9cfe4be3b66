package io.chatmedia.upload;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/** The streaming multipart splitter on any body: parts or an IOException (malformed), never another failure. */
class MultipartBodyFuzzTest {

    @FuzzTest(maxDuration = "30s")
    void splitsOrRefusesAnyBody(FuzzedDataProvider data) {
        byte[] boundary = ("b" + data.consumeAsciiString(20)).getBytes(StandardCharsets.US_ASCII);
        MultipartBody body = new MultipartBody(new ByteArrayInputStream(data.consumeRemainingAsBytes()), boundary);
        try {
            for (int parts = 0; parts < 1000; parts++) {
                MultipartBody.Part part = body.nextPart();
                if (part == null) {
                    return;
                }
                part.content().readAllBytes();
            }
        } catch (IOException e) {
            // malformed: refused as a 400 by the reader
        }
    }
}
