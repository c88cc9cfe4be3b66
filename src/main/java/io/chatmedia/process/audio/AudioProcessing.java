package io.chatmedia.process.audio;

import io.chatmedia.media.MediaKind;
import io.chatmedia.process.ProcessPlan;
import io.chatmedia.process.ProcessSource;
import io.chatmedia.process.ProcessingKind;
import io.chatmedia.process.spec.ProcessAction;
import io.chatmedia.process.spec.ProcessRequest;
import io.chatmedia.process.video.VideoEngine;
import io.chatmedia.system.ApiException;
import java.util.Set;
import org.springframework.stereotype.Component;

/** {@code audio/info} on an audio file or a video's sound: the avinfo document of its audio stream. */
@Component
class AudioProcessing implements ProcessingKind {

    private final VideoEngine engine;

    AudioProcessing(VideoEngine engine) {
        this.engine = engine;
    }

    @Override
    public Set<String> kinds() {
        return Set.of("audio");
    }

    @Override
    public ProcessPlan plan(ProcessRequest request, ProcessSource source) {
        if (source.kind() != MediaKind.AUDIO && source.kind() != MediaKind.VIDEO) {
            throw ApiException.badRequest("audio/info: the file is not audio");
        }
        ProcessAction action = request.onlyAction();
        if (!action.name().equals("info")
                || action.bareValue() != null
                || !action.params().isEmpty()) {
            throw request.unknownAction(action);
        }
        return new ProcessPlan.Inspection(() -> engine.info(source.store(), source.key(), source.size(), true));
    }
}
