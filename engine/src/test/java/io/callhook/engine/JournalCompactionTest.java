package io.callhook.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The journal is compacted into a snapshot so a long-lived data directory stays proportional to its data, and a crash
 * between any two steps of a compaction loses nothing and doubles nothing.
 */
class JournalCompactionTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String PAD = "x".repeat(200);

    @TempDir
    Path data;

    @Test
    void tenThousandOverwritesOfOneItemLeaveASmallDirectory() throws IOException {
        try (Engine engine = open()) {
            engine.database().core.journal.compactAfterBytes = 64 * 1024;
            handle(engine, "CreateTable", createTable("plain", false));
            for (int i = 0; i < 10_000; i++) {
                handle(engine, "PutItem", put("plain", "one", i));
            }
            // each overwrite journals a ~300-byte line: without compaction the journal would hold about 3 MB
            assertTrue(Files.exists(data.resolve(Journal.SNAPSHOT_NAME)), "the engine never compacted by itself");
            assertTrue(directoryBytes() < 3 * 64 * 1024, "the directory holds " + directoryBytes() + " bytes");
            engine.compact();
            assertTrue(directoryBytes() < 2 * 1024, "after compact() the directory holds " + directoryBytes()
                    + " bytes");
        }
        try (Engine engine = open()) {
            JsonNode item = handle(engine, "GetItem", key("plain", "one")).get("Item");
            assertEquals("9999", item.get("n").get("N").textValue());
            assertEquals(PAD, item.get("pad").get("S").textValue());
            assertEquals(1, handle(engine, "Scan", JSON.createObjectNode().put("TableName", "plain"))
                    .get("Count").intValue());
        }
    }

    @Test
    void aCompactionThatCannotWriteItsSnapshotFailsNoWrite() throws IOException {
        Path blocker = data.resolve(Journal.SNAPSHOT_TEMPORARY_NAME);
        try (Engine engine = open()) {
            engine.database().core.journal.compactAfterBytes = 16 * 1024;
            Files.createDirectories(blocker.resolve("in-the-way"));
            handle(engine, "CreateTable", createTable("plain", false));
            for (int i = 0; i < 200; i++) {
                handle(engine, "PutItem", put("plain", "one", i));
            }
            assertFalse(Files.exists(data.resolve(Journal.SNAPSHOT_NAME)), "the snapshot could not have been written");
        }
        Files.delete(blocker.resolve("in-the-way"));
        Files.delete(blocker);
        try (Engine engine = open()) {
            assertEquals("199", handle(engine, "GetItem", key("plain", "one")).get("Item").get("n").get("N")
                    .textValue());
        }
    }

    @ParameterizedTest
    @EnumSource(Journal.Step.class)
    void aCrashAfterAnyStepOfACompactionLosesNothingAndDoublesNothing(Journal.Step crashAfter) throws IOException {
        JsonNode before;
        try (Engine engine = open()) {
            handle(engine, "CreateTable", createTable("calls", true));
            handle(engine, "CreateTable", createTable("dropped", false));
            handle(engine, "PutItem", put("dropped", "gone", 1));
            handle(engine, "DeleteTable", JSON.createObjectNode().put("TableName", "dropped"));
            for (int i = 0; i < 20; i++) {
                handle(engine, "PutItem", put("calls", "call-" + (i % 5), i));
            }
            engine.compact();
            for (int i = 20; i < 30; i++) {
                handle(engine, "PutItem", put("calls", "call-" + (i % 7), i));
            }
            handle(engine, "DeleteItem", key("calls", "call-0"));
            before = state(engine);
            Database database = engine.database();
            database.core.lock.lock();
            try {
                database.core.journal.compact(database.core, crashAfter);
            } finally {
                database.core.lock.unlock();
            }
        } // the process "dies" here: nothing after the step is written
        try (Engine engine = open()) {
            assertEquals(before, state(engine));
            assertFalse(Files.exists(data.resolve(Journal.SNAPSHOT_TEMPORARY_NAME)), "a stray temporary snapshot");
            handle(engine, "PutItem", put("calls", "after-crash", 99));
        }
        try (Engine engine = open()) {
            assertEquals("99", handle(engine, "GetItem", key("calls", "after-crash")).get("Item").get("n")
                    .get("N").textValue(), "a write after the recovery was lost");
            assertEquals(7, handle(engine, "Scan", JSON.createObjectNode().put("TableName", "calls"))
                    .get("Count").intValue());
        }
    }

    private Engine open() {
        return Engine.builder().dataDirectory(data).ttlSweepInterval(Duration.ZERO).start();
    }

    /** Everything a snapshot holds (tables operations, items, stream records, sequence), without its own time. */
    private static JsonNode state(Engine engine) {
        Database database = engine.database();
        database.core.lock.lock();
        try {
            ObjectNode snapshot = Snapshots.of(database.core, 0);
            snapshot.remove("at");
            return snapshot;
        } finally {
            database.core.lock.unlock();
        }
    }

    private long directoryBytes() throws IOException {
        try (Stream<Path> files = Files.list(data)) {
            return files.mapToLong(file -> file.toFile().length()).sum();
        }
    }

    private static JsonNode handle(Engine engine, String operation, ObjectNode request) {
        return engine.database().handle(operation, request);
    }

    private static ObjectNode createTable(String name, boolean stream) {
        ObjectNode request = JSON.createObjectNode().put("TableName", name).put("BillingMode", "PAY_PER_REQUEST");
        request.putArray("AttributeDefinitions").addObject().put("AttributeName", "id").put("AttributeType", "S");
        request.putArray("KeySchema").addObject().put("AttributeName", "id").put("KeyType", "HASH");
        if (stream) {
            request.putObject("StreamSpecification").put("StreamEnabled", true)
                    .put("StreamViewType", "NEW_AND_OLD_IMAGES");
        }
        return request;
    }

    private static ObjectNode put(String table, String id, int n) {
        ObjectNode request = JSON.createObjectNode().put("TableName", table);
        ObjectNode item = request.putObject("Item");
        item.putObject("id").put("S", id);
        item.putObject("n").put("N", Integer.toString(n));
        item.putObject("pad").put("S", PAD);
        return request;
    }

    private static ObjectNode key(String table, String id) {
        ObjectNode request = JSON.createObjectNode().put("TableName", table);
        request.putObject("Key").putObject("id").put("S", id);
        return request;
    }
}
