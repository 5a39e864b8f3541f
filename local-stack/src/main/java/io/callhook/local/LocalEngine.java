package io.callhook.local;

import io.callhook.engine.Engine;
import java.io.UncheckedIOException;
import java.nio.file.Path;

/**
 * The project's own DynamoDB-compatible engine ({@code engine/}) as an HTTP server any SDK or the AWS CLI can
 * reach: one shared database for every credential and region, in memory or journalled to a directory, with its
 * fault-injection and TTL-sweep admin endpoints under {@code /_engine/}.
 */
final class LocalEngine implements AutoCloseable {

    private final Engine engine;

    private LocalEngine(Engine engine) {
        this.engine = engine;
    }

    /**
     * Starts the engine.
     *
     * @param port    0 for a free port
     * @param dataDir where to keep the database, or null for memory only
     */
    static LocalEngine start(int port, Path dataDir) {
        try {
            return new LocalEngine(Engine.builder().port(port).dataDirectory(dataDir).start());
        } catch (UncheckedIOException e) {
            throw new IllegalStateException("the DynamoDB engine did not start on port " + port
                    + " (is the port in use? choose another with --dynamodb-port)", e);
        }
    }

    Engine engine() {
        return engine;
    }

    int port() {
        return engine.port();
    }

    String endpoint() {
        return engine.endpoint();
    }

    @Override
    public void close() {
        engine.close();
    }
}
