package io.chatmedia.process.video;

import io.chatmedia.media.MediaKind;
import io.chatmedia.process.ProcessPlan;
import io.chatmedia.process.ProcessSource;
import io.chatmedia.process.ProcessingKind;
import io.chatmedia.process.spec.ProcessAction;
import io.chatmedia.process.spec.ProcessRequest;
import io.chatmedia.system.ApiException;
import java.util.Set;
import org.springframework.stereotype.Component;

/** {@code video/snapshot} (a cover, kept as a derived result) and {@code video/info} (a document) on a video. */
@Component
class VideoProcessing implements ProcessingKind {

    private final VideoEngine engine;

    VideoProcessing(VideoEngine engine) {
        this.engine = engine;
    }

    @Override
    public Set<String> kinds() {
        return Set.of("video");
    }

    @Override
    public ProcessPlan plan(ProcessRequest request, ProcessSource source) {
        String first = request.actions().get(0).name();
        if (source.kind() != MediaKind.VIDEO) {
            throw ApiException.badRequest("video/" + first + ": the file is not a " + MediaKind.VIDEO.label());
        }
        ProcessAction action = request.onlyAction();
        if (action.name().equals("info")) {
            if (action.bareValue() != null || !action.params().isEmpty()) {
                throw request.unknownAction(action);
            }
            return new ProcessPlan.Inspection(() -> engine.info(source.store(), source.key(), source.size(), false));
        }
        if (!action.name().equals("snapshot")) {
            throw request.unknownAction(action);
        }
        SnapshotSpec spec = SnapshotSpec.of(action);
        return new ProcessPlan.Rendering(
                spec.canonical(),
                spec.format(),
                spec.format().equals("png") ? "image/png" : "image/jpeg",
                "cover",
                () -> engine.cover(source.store(), source.key(), source.size(), spec));
    }
}
