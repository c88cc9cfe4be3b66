package io.chatmedia.process;

import io.chatmedia.process.spec.ProcessRequest;
import java.util.Set;

/**
 * One kind of processing ({@code image/...}, {@code video/...}, {@code audio/...}): turns a tokenised request on a
 * source into a typed, checked {@link ProcessPlan}. A new kind is a new implementation (a Spring bean); the
 * {@link Processor} finds it by the kind names it answers.
 */
public interface ProcessingKind {

    /** The {@code x-oss-process} kinds this answers (e.g. {@code image} and {@code style}). */
    Set<String> kinds();

    /**
     * Parses {@code request} into its typed spec and checks it against what the source is. Does no I/O.
     *
     * @throws io.chatmedia.system.ApiException 400 naming the action and parameter at fault, or when the source is
     *                                          not of a kind this processing takes; 404 for an unknown style
     */
    ProcessPlan plan(ProcessRequest request, ProcessSource source);
}
