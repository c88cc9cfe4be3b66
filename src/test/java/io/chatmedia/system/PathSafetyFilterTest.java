package io.chatmedia.system;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PathSafetyFilterTest {

    @ParameterizedTest
    @ValueSource(
            strings = {
                "/a/..",
                "/a/../b",
                "/a/%2e%2e",
                "/a/%2E%2e/b",
                "/a/.",
                "/a/%2e",
                "/a%2Fb",
                "/a%2fb",
                "/a%5Cb",
                "/a\\b",
                "/a/..;x=1/b",
                "/a/%00",
                "/a/%zz",
                "/x/chatImgs;jsessionid=1",
                "/a;b/c"
            })
    void refusesDotSegmentsAndEncodedSeparators(String path) {
        assertThat(PathSafetyFilter.isUnsafe(path)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "/",
                "/public/uploads/Diy/chatImgs/20250310/1710038202074_99501763.png",
                "/a/...",
                "/a/.hidden",
                "/a/b.c",
                "/v1/media/abc",
                "/%E4%B8%AD/x",
                "/a+b"
            })
    void letsOrdinaryPathsThrough(String path) {
        assertThat(PathSafetyFilter.isUnsafe(path)).isFalse();
    }
}
