package io.callhook.engine;

import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The engine: one shared database served over DynamoDB's wire protocol. Any AWS SDK or the AWS CLI talks to
 * {@link #endpoint()} with any credentials and region.
 *
 * <pre>{@code
 * try (Engine engine = Engine.start()) {            // in memory, a free loopback port
 *     DynamoDbClient client = DynamoDbClient.builder().endpointOverride(URI.create(engine.endpoint()))...;
 * }
 * }</pre>
 *
 * From the command line: {@code java -cp ... io.callhook.engine.Engine --port 8000 --data ./data}.
 */
public final class Engine implements AutoCloseable {

    private final Database database;
    private final HttpFrontend http;
    private final Journal journal;
    private final ScheduledExecutorService sweeper;
    private final String host;

    private Engine(Database database, HttpFrontend http, Journal journal, ScheduledExecutorService sweeper,
                   String host) {
        this.database = database;
        this.http = http;
        this.journal = journal;
        this.sweeper = sweeper;
        this.host = host;
    }

    /** An in-memory engine on a free loopback port. */
    public static Engine start() {
        return builder().start();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Options; every one has a default that suits tests. */
    public static final class Builder {
        private String host = "127.0.0.1";
        private int port;
        private Path dataDirectory;
        private boolean sync;
        private Clock clock = Clock.systemUTC();
        private String region = "local";
        private Duration ttlSweepInterval = Duration.ofSeconds(10);

        private Builder() {
        }

        /** The interface to listen on (default 127.0.0.1). */
        public Builder host(String value) {
            this.host = value;
            return this;
        }

        /** The port (default 0: a free one). */
        public Builder port(int value) {
            this.port = value;
            return this;
        }

        /** Keep the database in this directory (default: memory only). */
        public Builder dataDirectory(Path value) {
            this.dataDirectory = value;
            return this;
        }

        /** Also fsync every write (survives power loss, not just a killed process); default false. */
        public Builder sync(boolean value) {
            this.sync = value;
            return this;
        }

        /** The clock for TTL, stream record times and iterator expiry (tests pass a controllable one). */
        public Builder clock(Clock value) {
            this.clock = value;
            return this;
        }

        /** The region written into ARNs and stream records (default {@code local}). */
        public Builder region(String value) {
            this.region = value;
            return this;
        }

        /** How often expired TTL items are deleted; {@link Duration#ZERO} turns the sweeper off. */
        public Builder ttlSweepInterval(Duration value) {
            this.ttlSweepInterval = value;
            return this;
        }

        public Engine start() {
            ObjectMapper json = JsonMapper.builder()
                    .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                    .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                    .build();
            Journal journal = dataDirectory == null ? null : Journal.open(dataDirectory, sync, json);
            Database database = new Database(clock, region, journal);
            if (journal != null) {
                journal.replayInto(database);
                database.compactIfDue();
            }
            HttpFrontend http;
            try {
                http = new HttpFrontend(database, json, host, port, region);
            } catch (IOException e) {
                if (journal != null) {
                    journal.close();
                }
                throw new UncheckedIOException("the engine could not listen on " + host + ":" + port
                        + " (is the port in use?)", e);
            }
            ScheduledExecutorService sweeper = null;
            if (!ttlSweepInterval.isZero()) {
                sweeper = Executors.newSingleThreadScheduledExecutor(runnable -> {
                    Thread thread = new Thread(runnable, "engine-ttl");
                    thread.setDaemon(true);
                    return thread;
                });
                long every = ttlSweepInterval.toMillis();
                sweeper.scheduleWithFixedDelay(() -> {
                    try {
                        database.sweepExpiredItems();
                    } catch (RuntimeException e) {
                        System.err.println("engine: TTL sweep failed: " + e);
                    }
                }, every, every, TimeUnit.MILLISECONDS);
            }
            return new Engine(database, http, journal, sweeper, host);
        }
    }

    /** The URL clients use as their endpoint, e.g. {@code http://127.0.0.1:8000}. */
    public String endpoint() {
        return "http://" + host + ":" + port();
    }

    public int port() {
        return http.port();
    }

    public Database database() {
        return database;
    }

    /** Injected failures; see {@link Faults}. */
    public Faults faults() {
        return database.faults();
    }

    /**
     * Replaces the clock of the running engine (TTL, stream times, iterator expiry, throughput windows): a test that
     * did not start the engine itself, such as one on the local stack, can still move time by hand.
     */
    public void useClock(Clock clock) {
        database.clock(clock);
    }

    /** The read and write units requests consume (off until started); see {@link CapacityUnits}. */
    public CapacityUnits units() {
        return database.units();
    }

    /** Per-partition throughput limits (off by default); see {@link PartitionThroughput}. */
    public PartitionThroughput throughput() {
        return database.throughput();
    }

    /** Deletes expired TTL items now (the background sweeper does it every few seconds); returns how many. */
    public int sweepExpiredItems() {
        return database.sweepExpiredItems();
    }

    /**
     * Compacts the data directory now: writes a snapshot of every table, item and stream record and empties the
     * journal (the engine also does this by itself once the journal has grown well past the data). Does nothing
     * without a data directory.
     */
    public void compact() {
        database.compact();
    }

    @Override
    public void close() {
        if (sweeper != null) {
            sweeper.shutdownNow();
        }
        http.close();
        if (journal != null) {
            journal.close();
        }
    }

    /**
     * Runs the engine until the process ends: {@code --port N} (default 8000), {@code --host H},
     * {@code --data DIR}, {@code --sync}, {@code --fault JSON} (repeatable, see the README),
     * {@code --partition-limits-scale FACTOR} (DynamoDB's per-partition limits divided by FACTOR).
     */
    public static void main(String[] args) throws InterruptedException {
        Builder builder = builder().port(8000);
        java.util.List<String> faults = new java.util.ArrayList<>();
        double scale = 0;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--port" -> builder.port(Integer.parseInt(args[++i]));
                case "--host" -> builder.host(args[++i]);
                case "--data" -> builder.dataDirectory(Path.of(args[++i]));
                case "--sync" -> builder.sync(true);
                case "--fault" -> faults.add(args[++i]);
                case "--partition-limits-scale" -> scale = Double.parseDouble(args[++i]);
                default -> {
                    System.err.println("unknown option " + args[i]
                            + "; options: --port N --host H --data DIR --sync --fault JSON "
                            + "--partition-limits-scale FACTOR");
                    System.exit(2);
                }
            }
        }
        Engine engine = builder.start();
        if (scale > 0) {
            engine.throughput().limitScaledDown(scale);
        }
        ObjectMapper json = new ObjectMapper();
        for (String fault : faults) {
            try {
                engine.faults().add(FaultRules.parse(json.readTree(fault)));
            } catch (IOException e) {
                throw new IllegalArgumentException("--fault is not JSON: " + fault, e);
            }
        }
        System.out.println("callhook engine listening on " + engine.endpoint());
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            engine.close();
            stopped.countDown();
        }));
        stopped.await();
    }
}
