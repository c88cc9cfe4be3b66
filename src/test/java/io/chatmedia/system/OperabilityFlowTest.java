package io.chatmedia.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.chatmedia.testsupport.Fixtures;
import io.chatmedia.testsupport.HttpFlowTest;
import io.chatmedia.testsupport.Multipart;
import io.chatmedia.testsupport.Tokens;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

@ExtendWith(OutputCaptureExtension.class)
class OperabilityFlowTest extends HttpFlowTest {

    @Test
    void exposesLivenessAndReadinessWithoutAToken() {
        assertThat(get("/actuator/health/liveness").statusCode()).isEqualTo(200);
        // readiness waits for the natives, loaded in the background after the start
        await().atMost(Duration.ofSeconds(60))
                .until(() -> get("/actuator/health/readiness").statusCode() == 200);
        assertThat(new String(get("/actuator/health/readiness").body(), StandardCharsets.UTF_8))
                .contains("\"natives\":{\"status\":\"UP\"");
        assertThat(new String(get("/actuator/health").body(), StandardCharsets.UTF_8))
                .contains("UP");
    }

    @Test
    void countsUploadsBytesAndErrorsForPrometheus() {
        assertOk(
                postMultipart(
                        "/v1/media",
                        Tokens.user("metrics"),
                        Multipart.create().file("file", "m.png", "image/png", Fixtures.png(4, 4))),
                201);
        assertFails(get("/v1/media/missing-for-metrics"), 404);
        String metrics = new String(get("/actuator/prometheus").body(), StandardCharsets.UTF_8);
        assertThat(metrics).contains("chatmedia_uploads_total{kind=\"image\",outcome=\"ok\"}");
        assertThat(metrics).contains("chatmedia_upload_bytes_total");
        assertThat(metrics).contains("chatmedia_errors_total{cause=\"client\",status=\"404\"}");
    }

    @Test
    void timesPlainReadsOfStoredObjectsByMethodAndStatus() {
        String url = assertOk(
                        postMultipart(
                                "/v1/media",
                                Tokens.user("reads"),
                                Multipart.create().file("file", "r.png", "image/png", Fixtures.png(4, 4))),
                        201)
                .get("url")
                .asString();
        String observedOk = "http_server_requests_seconds_count{error=\"none\",exception=\"none\",method=\"GET\","
                + "outcome=\"SUCCESS\",status=\"200\",uri=\"/public/uploads/**\"}";
        String before = metricLine(observedOk);

        assertThat(get(url).statusCode()).isEqualTo(200);
        assertThat(head(url).statusCode()).isEqualTo(200);
        assertThat(get("/public/uploads/media/no-such-object.png").statusCode()).isEqualTo(404);

        String metrics = new String(get("/actuator/prometheus").body(), StandardCharsets.UTF_8);
        assertThat(metrics)
                .contains("chatmedia_reads_seconds_count{method=\"GET\",status=\"200\"}")
                .contains("chatmedia_reads_seconds_count{method=\"HEAD\",status=\"200\"}")
                .contains("chatmedia_reads_seconds_count{method=\"GET\",status=\"404\"}");
        assertThat(metricLine(observedOk))
                .as("plain reads are not observed twice")
                .isEqualTo(before);
    }

    private String metricLine(String name) {
        return new String(get("/actuator/prometheus").body(), StandardCharsets.UTF_8)
                .lines()
                .filter(line -> line.startsWith(name))
                .findFirst()
                .orElse("absent");
    }

    @Test
    void publishesAnOpenApiDocumentAndUi() {
        String doc = new String(get("/v3/api-docs").body(), StandardCharsets.UTF_8);
        assertThat(doc).contains("\"openapi\"").contains("/v1/media").contains("/api/chat/uploadAliyun");
        assertThat(get("/swagger-ui/index.html").statusCode()).isEqualTo(200);
    }

    @Test
    void logsOneAccessLineWithoutTheTokenInTheQuery(CapturedOutput output) {
        String token = Tokens.user("logged");
        get("/v1/config?token=" + token);
        // the line is written by the access log's background thread
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(output.getOut())
                .containsPattern("chatmedia.access\\s+: GET /v1/config 200 .*caller=user:logged"));
        assertThat(output.getOut()).doesNotContain(token);
    }

    @Test
    void answersUnknownRoutesInTheEnvelope() {
        assertFails(get("/no/such/route"), 404);
    }
}
