package io.chatmedia.system;

import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The OpenAPI document ({@code /v3/api-docs}, UI at {@code /swagger-ui.html}): title, token schemes. */
@Configuration
class OpenApiConfig {

    @Bean
    OpenAPI chatMediaOpenApi() {
        return new OpenAPI()
                .info(new Info()
                        .title("ChatMedia")
                        .version("v1")
                        .description("Self-hosted media server for chat apps. Every JSON answer is "
                                + "{\"msg\":\"ok\"|\"fail\",\"data\":...}. Uploads need a token; reads are public."))
                .components(new Components()
                        .addSecuritySchemes(
                                "token",
                                new SecurityScheme()
                                        .type(SecurityScheme.Type.APIKEY)
                                        .in(SecurityScheme.In.HEADER)
                                        .name("token"))
                        .addSecuritySchemes(
                                "bearer",
                                new SecurityScheme()
                                        .type(SecurityScheme.Type.HTTP)
                                        .scheme("bearer")
                                        .bearerFormat("JWT")))
                .addSecurityItem(new SecurityRequirement().addList("token"))
                .addSecurityItem(new SecurityRequirement().addList("bearer"));
    }
}
