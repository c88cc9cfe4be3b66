package io.chatmedia.process;

import java.io.IOException;

/**
 * What a {@link ProcessingKind} decided to do with one request on one source, before any bytes are read: render a
 * result that is kept (computed once per canonical string) or inspect the source into a document.
 */
public sealed interface ProcessPlan {

    /** Computes a result's bytes; runs on a worker. Throws 400 {@code ApiException}s for sources it cannot use. */
    @FunctionalInterface
    interface Renderer {
        byte[] render() throws IOException;
    }

    /** Computes a document about the source. Throws 400 {@code ApiException}s for sources it cannot read. */
    @FunctionalInterface
    interface Inspector {
        Object inspect() throws IOException;
    }

    /**
     * A derived result.
     *
     * @param canonical    the request with every default filled in: equal for every spelling of the same request, the
     *                     key of the stored result and of identical requests in flight
     * @param extension    the stored result's extension, without a dot
     * @param fallbackName the download name's base when the source has none
     */
    record Rendering(String canonical, String extension, String contentType, String fallbackName, Renderer renderer)
            implements ProcessPlan {}

    /** A document computed for each request (cheap, or read from headers). */
    record Inspection(Inspector inspector) implements ProcessPlan {}
}
