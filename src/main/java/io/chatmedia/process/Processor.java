package io.chatmedia.process;

import io.chatmedia.process.spec.ProcessParser;
import io.chatmedia.process.spec.ProcessRequest;
import io.chatmedia.storage.BlobInfo;
import io.chatmedia.system.ApiException;
import java.io.IOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Component;

/**
 * The one entry point for {@code x-oss-process}: tokenises the value, hands it to the {@link ProcessingKind} that
 * answers its kind, and either returns a document or gets the derived result from {@link DerivedResults} (computed
 * once on a worker, keyed by the plan's canonical string, identical requests in flight merged).
 */
@Component
public class Processor {

    private final Map<String, ProcessingKind> kinds = new HashMap<>();
    private final DerivedResults derived;

    Processor(List<ProcessingKind> kinds, DerivedResults derived) {
        for (ProcessingKind kind : kinds) {
            for (String name : kind.kinds()) {
                ProcessingKind before = this.kinds.put(name, kind);
                if (before != null) {
                    throw new IllegalStateException("two processing kinds answer '" + name + "': "
                            + before.getClass().getSimpleName() + " and "
                            + kind.getClass().getSimpleName());
                }
            }
        }
        this.derived = derived;
    }

    /**
     * Answers {@code process} (an {@code x-oss-process} value) on {@code source}.
     *
     * @throws ApiException 400 for a malformed request, an action the kind does not have, or a source it cannot
     *                      process; 404 for an unknown style; 503 when the workers are busy or past the deadline
     * @throws IOException  when the store fails while reading the source or keeping the result
     */
    public Processed process(ProcessSource source, String process) throws IOException {
        ProcessRequest request = ProcessParser.parse(process);
        ProcessingKind kind = kinds.get(request.kind());
        if (kind == null) {
            throw ApiException.badRequest("x-oss-process: " + request.kind() + " processing is not available");
        }
        ProcessPlan plan = kind.plan(request, source);
        if (plan instanceof ProcessPlan.Inspection inspection) {
            return new Processed.Document(inspection.inspector().inspect());
        }
        ProcessPlan.Rendering rendering = (ProcessPlan.Rendering) plan;
        BlobInfo blob = derived.getOrCompute(
                source.sourceId(), rendering.canonical(), rendering.extension(), rendering.renderer()::render);
        return new Processed.Derived(
                derived.store(), blob, rendering.contentType(), etagOf(blob.key()), rendering.fallbackName());
    }

    /** A derived key ends in the hash of its source and canonical processing string: a strong, stable tag. */
    private static String etagOf(String derivedKey) {
        String name = derivedKey.substring(derivedKey.lastIndexOf('/') + 1);
        int dot = name.lastIndexOf('.');
        return "\"" + (dot > 0 ? name.substring(0, dot) : name) + "\"";
    }
}
