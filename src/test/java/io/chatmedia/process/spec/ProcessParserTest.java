package io.chatmedia.process.spec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.chatmedia.system.ApiException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ProcessParserTest {

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(
            delimiter = ';',
            value = {
                "video/snapshot,t_20,m_fast,w_260,f_png;   video/snapshot,f_png,m_fast,t_20,w_260",
                "video/snapshot,w_260,f_png,t_20,m_fast;   video/snapshot,f_png,m_fast,t_20,w_260",
                "video/snapshot,t_10,t_20;                 video/snapshot,t_20",
                "image/resize,w_100/rotate,90/format,webp; image/resize,w_100/rotate,90/format,webp",
                "image/quality,q_80;                       image/quality,q_80",
                "image/info;                               image/info",
                "image/watermark,text_5rWL6K-V,t_50;       image/watermark,t_50,text_5rWL6K-V",
                "style/thumb-1.small;                      style/thumb-1.small",
                "image/resize,P_50;                        image/resize,P_50",
            })
    void printsOneCanonicalStringForEverySpelling(String value, String canonical) {
        assertThat(ProcessParser.parse(value).canonical()).isEqualTo(canonical);
    }

    @Test
    void keepsActionsInUrlOrderWithBareValuesAndParameters() {
        ProcessRequest request = ProcessParser.parse("image/rotate,90/resize,m_lfit,w_150,h_80");
        assertThat(request.kind()).isEqualTo("image");
        assertThat(request.actions()).extracting(ProcessAction::name).containsExactly("rotate", "resize");
        assertThat(request.actions().get(0).bareValue()).isEqualTo("90");
        assertThat(request.actions().get(1).param("m")).hasValue("lfit");
        assertThat(request.actions().get(1).param("x")).isEmpty();
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = ';',
            value = {
                "'';                         empty",
                "gif/resize;                 unknown kind 'gif'",
                "image;                      needs an action",
                "image/;                     empty action",
                "image/resize//rotate,90;    empty action",
                "image/Resize,w_1;           action name 'Resize' is invalid",
                "image/resize,w_1,,h_2;      parameter '' is not of the form key_value",
                "image/resize,w_1,bogus;     parameter 'bogus' is not of the form key_value",
                "style/bad name;             style name",
                "style/a/b;                  style name",
            })
    void refusesMalformedStringsNamingTheFault(String value, String message) {
        assertThatThrownBy(() -> ProcessParser.parse(value)).isInstanceOfSatisfying(ApiException.class, e -> {
            assertThat(e.status().value()).isEqualTo(400);
            assertThat(e.getMessage()).startsWith("x-oss-process: ").contains(message);
        });
    }

    @Test
    void refusesOverlongStrings() {
        assertThatThrownBy(() -> ProcessParser.parse("image/resize,w_1" + ",h_1".repeat(600)))
                .isInstanceOf(ApiException.class)
                .hasMessageContaining("longer than");
    }
}
