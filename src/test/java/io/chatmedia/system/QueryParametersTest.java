package io.chatmedia.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.mock.web.MockHttpServletRequest;

class QueryParametersTest {

    @ParameterizedTest(name = "{0} is malformed at {1}")
    @CsvSource(
            delimiter = '|',
            quoteCharacter = '"',
            value = {
                "v=%zz|'v'",
                "x-oss-process=image/resize,w_%|'x-oss-process'",
                "a=1&name=%E4%B8|'name'",
                "token=%zz|'token'",
                "filename=%zz.png|'filename'",
                "imageClassId=%zz|'imageClassId'",
                "%zz=1|'%zz'",
                "a=%2|'a'",
                "a=%C3%28|'a'",
            })
    void findsTheFirstMalformedParameter(String query, String name) {
        assertThat(QueryParameters.firstMalformed(query)).isEqualTo(name);
    }

    @ParameterizedTest(name = "{0} decodes")
    @CsvSource(
            delimiter = '|',
            value = {"a=%E4%B8%AD", "a=b+c&d", "x-oss-process=image/resize,w_100", "&&=&a=", "a=%25"})
    void acceptsWellFormedQueries(String query) {
        assertThat(QueryParameters.firstMalformed(query)).isNull();
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(
            delimiter = '|',
            value = {"name=%E4%B8%AD&x=1|中", "x=1&name=a+b|a b", "name=%2B|+"})
    void decodesTheFirstValue(String query, String value) {
        MockHttpServletRequest request = new MockHttpServletRequest();
        request.setQueryString(query);
        assertThat(QueryParameters.first(request, "name")).hasValue(value);
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {"name=%zz", "name=%E4%B8", "name=%"})
    void refusesAMalformedValueWithA400NamingIt(String query) {
        MockHttpServletRequest request = new MockHttpServletRequest();
        request.setQueryString(query);
        assertThatThrownBy(() -> QueryParameters.first(request, "name"))
                .isInstanceOfSatisfying(ApiException.class, e -> {
                    assertThat(e.status().value()).isEqualTo(400);
                    assertThat(e.getMessage()).startsWith("'name': ");
                });
    }
}
