package io.chatmedia.storage.s3;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import software.amazon.awssdk.auth.credentials.AnonymousCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

class Md5Test {

    @ParameterizedTest
    @CsvSource({
        "http://127.0.0.1:9000, false",
        "https://oss-cn-hangzhou.aliyuncs.com, true",
        "'', true",
    })
    void sendsContentMd5OnlyWhereThePayloadIsNotSigned(String endpoint, boolean sent) {
        var builder =
                S3Client.builder().region(Region.US_EAST_1).credentialsProvider(AnonymousCredentialsProvider.create());
        if (!endpoint.isEmpty()) {
            builder.endpointOverride(URI.create(endpoint));
        }
        byte[] bytes = "hello".getBytes(StandardCharsets.US_ASCII);
        try (S3Client client = builder.build()) {
            assertThat(Md5.forClient(client).of(bytes, bytes.length))
                    .isEqualTo(sent ? "XUFAKrxLKna5cZ2REBfFkg==" : null);
        }
    }
}
