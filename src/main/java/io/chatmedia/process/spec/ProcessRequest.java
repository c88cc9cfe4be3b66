package io.chatmedia.process.spec;

import java.util.List;
import java.util.stream.Collectors;

/**
 * A tokenised {@code x-oss-process} value: the kind ({@code image}, {@code video}, {@code audio}, {@code style}) and
 * its actions in URL order. {@link #canonical()} is the same string for every spelling of the same request, so it
 * serves as the key of the derived result and of identical requests in flight.
 */
public record ProcessRequest(String kind, List<ProcessAction> actions) {

    public ProcessRequest {
        actions = List.copyOf(actions);
    }

    public String canonical() {
        return kind + "/" + actions.stream().map(ProcessAction::canonical).collect(Collectors.joining("/"));
    }
}
