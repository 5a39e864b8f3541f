// Test support: starts an in-process local stack on free ports with the repository's template.yaml.
package io.callhook.local;

import io.callhook.template.SamTemplate;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Local stacks as the end-to-end tests start them. */
final class TestStacks {

    private TestStacks() {
    }

    /** A stack with one webhook token and the agents of {@code agentsJson}, written to {@code dir}. */
    static LocalStack withAgents(Path dir, String webhookToken, String agentsJson, TestLog log) {
        Path agents = dir.resolve("agents.json");
        try {
            Files.writeString(agents, agentsJson);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return LocalStack.start(Options.onFreePorts(SamTemplate.find(), List.of(webhookToken)).withAgents(agents),
                log.stream());
    }
}
