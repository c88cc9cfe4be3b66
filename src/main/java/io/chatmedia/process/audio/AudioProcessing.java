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

/**
 * {@code audio/...} on an audio file or a video's sound: {@code info} (the avinfo document of its audio stream),
 * {@code convert} (a derived result, kept) and {@code waveform} (a document).
 */
@Component
class AudioProcessing implements ProcessingKind {

    private static final String SILK = "audio/silk";

    private final VideoEngine video;
    private final AudioEngine audio;

    AudioProcessing(VideoEngine video, AudioEngine audio) {
        this.video = video;
        this.audio = audio;
    }

    @Override
    public Set<String> kinds() {
        return Set.of("audio");
    }

    @Override
    public ProcessPlan plan(ProcessRequest request, ProcessSource source) {
        ProcessAction action = request.onlyAction();
        String name = "audio/" + action.name();
        return switch (action.name()) {
            case "info" -> {
                if (action.bareValue() != null || !action.params().isEmpty()) {
                    throw AudioParams.fail("info", "takes no parameters");
                }
                checkSource(source, name);
                yield new ProcessPlan.Inspection(() -> video.info(source.store(), source.key(), source.size(), true));
            }
            case "convert" -> {
                ConvertSpec spec = ConvertSpec.of(action);
                checkSource(source, name);
                yield new ProcessPlan.Rendering(
                        spec.canonical(),
                        spec.format().extension(),
                        spec.format().contentType(),
                        "audio",
                        () -> audio.convert(source.store(), source.key(), source.size(), spec));
            }
            case "waveform" -> {
                WaveformSpec spec = WaveformSpec.of(action);
                checkSource(source, name);
                yield new ProcessPlan.Inspection(
                        () -> audio.waveform(source.store(), source.key(), source.size(), spec));
            }
            default -> throw request.unknownAction(action);
        };
    }

    private static void checkSource(ProcessSource source, String action) {
        if (source.kind() != MediaKind.AUDIO && source.kind() != MediaKind.VIDEO) {
            throw ApiException.badRequest(action + ": the file is not audio");
        }
        if (source.contentType().equalsIgnoreCase(SILK)) {
            throw Silk.refusal(action);
        }
    }
}
