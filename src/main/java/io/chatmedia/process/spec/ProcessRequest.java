package io.chatmedia.process.spec;

import io.chatmedia.system.ApiException;
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

    /** The one action of a kind that takes exactly one ({@code video/...}, {@code audio/...}). */
    public ProcessAction onlyAction() {
        if (actions.size() != 1) {
            throw ApiException.badRequest("x-oss-process: " + kind + " takes exactly one action");
        }
        return actions.get(0);
    }

    /** The 400 for an action this request's kind does not have. */
    public ApiException unknownAction(ProcessAction action) {
        return ApiException.badRequest("x-oss-process: unknown " + kind + " action '" + action.name() + "'");
    }

    public String canonical() {
        return kind + "/" + actions.stream().map(ProcessAction::canonical).collect(Collectors.joining("/"));
    }
}
