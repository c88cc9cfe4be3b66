package io.chatmedia.storage.s3;

import static org.assertj.core.api.Assertions.assertThat;

import io.chatmedia.testsupport.Fixtures;
import io.chatmedia.testsupport.HttpFlowTest;
import io.chatmedia.testsupport.TestS3;
import io.chatmedia.testsupport.Tokens;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** Redirect mode: reads answer 302 to a presigned URL, the same one while it stays valid. */
class S3RedirectFlowTest extends HttpFlowTest {

    private static final TestS3 S3 = TestS3.shared();
    private static final String BUCKET = S3.newBucket();

    @DynamicPropertySource
    static void objectStore(DynamicPropertyRegistry registry) {
        S3.registerProperties(registry, BUCKET);
        registry.add("chatmedia.storage.s3.serve-mode", () -> "redirect");
    }

    @Test
    void redirectsToAPresignedUrlThatServesTheObject() throws Exception {
        byte[] bytes = Fixtures.noise(50_000, 4);
        String url = assertOk(
                        post("/v1/media?filename=r.bin", Tokens.user("redirect"), "application/octet-stream", bytes),
                        201)
                .get("url")
                .asString();

        HttpResponse<byte[]> first = get(url);
        assertThat(first.statusCode()).isEqualTo(302);
        String location = first.headers().firstValue("Location").orElseThrow();
        assertThat(location).startsWith(S3.endpoint().toString()).contains("X-Amz-Signature=");
        assertThat(first.headers().firstValue("Cache-Control").orElseThrow()).startsWith("private, max-age=");
        assertThat(get(url).headers().firstValue("Location")).hasValue(location);

        HttpResponse<byte[]> object = http.send(
                HttpRequest.newBuilder(URI.create(location)).build(), HttpResponse.BodyHandlers.ofByteArray());
        assertThat(object.statusCode()).isEqualTo(200);
        assertThat(object.body()).isEqualTo(bytes);
    }

    @Test
    void answersNotFoundInTheEnvelopeForARecordedObjectWhoseBytesAreGone() {
        var media = assertOk(
                post(
                        "/v1/media?filename=gone.bin",
                        Tokens.user("redirect"),
                        "application/octet-stream",
                        Fixtures.noise(1000, 5)),
                201);
        S3.client().deleteObject(b -> b.bucket(BUCKET).key(media.get("path").asString()));
        assertThat(assertFails(get(media.get("url").asString()), 404)).isEqualTo("not found");
    }
}
