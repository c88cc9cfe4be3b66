package io.chatmedia.compat;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.chatmedia.screenshot.ScreenshotRequest;
import io.chatmedia.system.ApiException;
import java.io.IOException;
import org.springframework.mock.web.MockHttpServletRequest;
import tools.jackson.databind.json.JsonMapper;

/**
 * getVideoScreenshot's form, as JSON or as form fields: a request within the seed's bounds, or a 4xx with a reason;
 * never another failure.
 */
class ScreenshotFormFuzzTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @FuzzTest(maxDuration = "30s")
    void readsOrRefusesWithA4xx(FuzzedDataProvider data) throws IOException {
        MockHttpServletRequest request = new MockHttpServletRequest("POST", "/getVideoScreenshot");
        if (data.consumeBoolean()) {
            request.setContentType("application/json");
            request.setContent(data.consumeRemainingAsBytes());
        } else {
            request.setContentType("application/x-www-form-urlencoded");
            for (String field : new String[] {"videoUrl", "time", "width", "format"}) {
                if (data.consumeBoolean()) {
                    request.setParameter(field, data.consumeString(64));
                }
            }
        }
        try {
            ScreenshotRequest read = ScreenshotForm.read(request, JSON);
            assertThat(read.videoUrl()).isNotBlank();
            assertThat(read.timeMs()).isNotNegative();
            assertThat(read.width()).isBetween(1, 3840);
            assertThat(read.format()).isIn("png", "jpg");
        } catch (ApiException e) {
            assertThat(e.status().is4xxClientError()).as(e.getMessage()).isTrue();
            assertThat(e.getMessage()).isNotBlank();
        }
    }
}
