package io.chatmedia.process.image;

import static org.assertj.core.api.Assertions.assertThat;

import io.chatmedia.testsupport.HttpFlowTest;
import io.chatmedia.testsupport.Multipart;
import io.chatmedia.testsupport.Tokens;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** BlurHash placeholders: computed at upload for images and videos, and {@code image/blurhash} on demand. */
class PlaceholderFlowTest extends HttpFlowTest {

    private final String token = Tokens.user("placeholder-user");

    @Test
    void imagesAndVideosGetAPlaceholderAtUpload() throws Exception {
        JsonNode photo = upload(Path.of("src/test/resources/image/photo.jpg"), "image/jpeg");
        assertThat(photo.get("blurhash").asString()).hasSize(28).startsWith("L");
        JsonNode video = upload(Path.of("src/test/resources/video/h264-640x360-gop25.mp4"), "video/mp4");
        assertThat(video.get("blurhash").asString()).hasSize(28);

        JsonNode asked = json(get(photo.get("url").asString() + "?x-oss-process=image/blurhash,x_4,y_3"));
        assertThat(asked.get("blurhash").asString())
                .isEqualTo(photo.get("blurhash").asString());
        JsonNode small = json(get(photo.get("url").asString() + "?x-oss-process=image/blurhash,x_1,y_1"));
        assertThat(small.get("blurhash").asString()).hasSize(6);
        assertThat(assertFails(get(photo.get("url").asString() + "?x-oss-process=image/blurhash,x_10"), 400))
                .startsWith("image/blurhash: x must be an integer in [1,9]");
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
