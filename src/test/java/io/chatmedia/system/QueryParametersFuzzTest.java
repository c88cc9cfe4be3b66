package io.chatmedia.system;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import org.springframework.mock.web.MockHttpServletRequest;

/** Query decoding on any input: a value, nothing, or a 400; never another failure, and agreeing with the filter. */
class QueryParametersFuzzTest {

    @FuzzTest(maxDuration = "30s")
    void decodesOrRefusesWithA400(FuzzedDataProvider data) {
        String name = data.consumeString(8);
        String query = data.consumeRemainingAsString();
        String malformed = QueryParameters.firstMalformed(query);
        MockHttpServletRequest request = new MockHttpServletRequest();
        request.setQueryString(query);
        try {
            QueryParameters.first(request, name);
        } catch (ApiException e) {
            assertThat(e.status().value()).isEqualTo(400);
            assertThat(malformed).as("the filter would have refused %s", query).isNotNull();
        }
    }
}
