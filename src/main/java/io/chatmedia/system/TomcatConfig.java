package io.chatmedia.system;

import org.apache.catalina.core.StandardHost;
import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.stereotype.Component;

/**
 * Container settings Boot has no property for: encoded slashes reach {@link PathSafetyFilter} (which refuses
 * them in the envelope) instead of Tomcat's HTML 400, Tomcat's own error pages are envelopes too, and a refused
 * upload's remaining body is not read ({@link AbandonedBodyValve}).
 */
@Component
class TomcatConfig implements WebServerFactoryCustomizer<TomcatServletWebServerFactory> {

    @Override
    public void customize(TomcatServletWebServerFactory factory) {
        factory.addConnectorCustomizers(connector -> connector.setEncodedSolidusHandling("passthrough"));
        factory.addContextValves(new AbandonedBodyValve());
        factory.addContextCustomizers(context -> {
            if (context.getParent() instanceof StandardHost host) {
                host.setErrorReportValveClass(EnvelopeErrorReportValve.class.getName());
            }
        });
    }
}
