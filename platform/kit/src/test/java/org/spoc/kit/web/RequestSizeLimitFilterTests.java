package org.spoc.kit.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockFilterChain;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.util.unit.DataSize;

class RequestSizeLimitFilterTests {

    private final RequestSizeLimitFilter filter = new RequestSizeLimitFilter(DataSize.ofKilobytes(1),
            Map.of("/api/tickets/import", DataSize.ofMegabytes(20)));

    @Test
    void rejectsABodyOverTheLimitWithProblemDetailsNamingTheBody() throws Exception {
        MockHttpServletRequest request = new MockHttpServletRequest("POST", "/api/tickets");
        request.setContent(new byte[2048]);
        MockHttpServletResponse response = new MockHttpServletResponse();
        MockFilterChain chain = new MockFilterChain();

        filter.doFilter(request, response, chain);

        assertThat(response.getStatus()).isEqualTo(413);
        assertThat(response.getContentType()).isEqualTo("application/problem+json");
        assertThat(response.getContentAsString()).contains("\"field\":\"body\"").contains("limit is 1024");
        assertThat(chain.getRequest()).as("the request never reaches a controller").isNull();
    }

    @Test
    void letsAPathWithItsOwnLimitTakeALargerBody() throws Exception {
        MockHttpServletRequest request = new MockHttpServletRequest("POST", "/api/tickets/import");
        request.setContent(new byte[4096]);
        MockHttpServletResponse response = new MockHttpServletResponse();
        MockFilterChain chain = new MockFilterChain();

        filter.doFilter(request, response, chain);

        assertThat(response.getStatus()).isEqualTo(200);
        assertThat(chain.getRequest()).isNotNull();
        assertThat(filter.limitFor("/api/tickets")).isEqualTo(1024);
    }
}
