package io.callhook.engine;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.callhook.engine.error.DynamoException;
import io.callhook.engine.model.Value;
import io.callhook.engine.model.ValueJson;
import io.callhook.engine.request.Requests;
import io.callhook.engine.table.Table;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * An append-only journal of every table operation and every committed write, one JSON line each, written before
 * the client is answered. Reopening a data directory replays it, which rebuilds tables, items and stream records
 * exactly. A line cut short by a crash was never acknowledged and is dropped on replay.
 */
final class Journal implements AutoCloseable {

    static final String FILE_NAME = "journal.jsonl";

    private final ObjectMapper json;
    private final Path file;
    private final FileChannel channel;
    private final boolean sync;

    private Journal(ObjectMapper json, Path file, FileChannel channel, boolean sync) {
        this.json = json;
        this.file = file;
        this.channel = channel;
        this.sync = sync;
    }

    static Journal open(Path directory, boolean sync, ObjectMapper json) {
        try {
            Files.createDirectories(directory);
            Path file = directory.resolve(FILE_NAME);
            FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.READ);
            return new Journal(json, file, channel, sync);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open the journal in " + directory, e);
        }
    }

    /** Replays every complete line into {@code database}, drops a torn last line, and positions for appending. */
    void replayInto(Database database) {
        long good = 0;
        int lineNumber = 0;
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(
                Channels.newInputStream(FileChannel.open(file, StandardOpenOption.READ)), StandardCharsets.UTF_8))) {
            String line;
            while ((line = reader.readLine()) != null) {
                lineNumber++;
                JsonNode entry;
                try {
                    entry = json.readTree(line);
                } catch (IOException e) {
                    if (reader.readLine() == null) {
                        break;
                    }
                    throw new IllegalStateException("journal " + file + " is damaged at line " + lineNumber, e);
                }
                apply(database, entry);
                good += line.getBytes(StandardCharsets.UTF_8).length + 1;
            }
            channel.truncate(good);
            channel.position(good);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the journal " + file, e);
        }
    }

    private static void apply(Database database, JsonNode entry) {
        long at = entry.get("at").longValue();
        String op = entry.get("op").textValue();
        if (op.equals("write")) {
            database.replay(at, () -> {
                List<Database.Change> changes = new ArrayList<>();
                for (JsonNode change : entry.get("changes")) {
                    Table table = database.tableForReplay(change.get("table").textValue());
                    Map<String, Value> key = ValueJson.readItem(change.get("key"));
                    Map<String, Value> item = change.has("item") ? ValueJson.readItem(change.get("item")) : null;
                    changes.add(new Database.Change(table, key, item, change.path("ttl").asBoolean(false)));
                }
                database.commit(changes);
            });
        } else {
            database.replay(at, () -> database.handle(op, entry.get("request")));
        }
    }

    void write(long at, List<Database.Change> changes) {
        ObjectNode entry = Requests.object().put("at", at).put("op", "write");
        ArrayNode array = entry.putArray("changes");
        for (Database.Change change : changes) {
            ObjectNode node = array.addObject();
            node.put("table", change.table().definition().name());
            node.set("key", ValueJson.writeItem(change.key()));
            if (change.item() != null) {
                node.set("item", ValueJson.writeItem(change.item()));
            }
            if (change.byTtl()) {
                node.put("ttl", true);
            }
        }
        append(entry);
    }

    void writeTableOperation(long at, String operation, JsonNode request) {
        ObjectNode entry = Requests.object().put("at", at).put("op", operation);
        entry.set("request", request);
        append(entry);
    }

    private void append(ObjectNode entry) {
        try {
            byte[] line = (json.writeValueAsString(entry) + "\n").getBytes(StandardCharsets.UTF_8);
            ByteBuffer buffer = ByteBuffer.wrap(line);
            while (buffer.hasRemaining()) {
                channel.write(buffer);
            }
            if (sync) {
                channel.force(false);
            }
        } catch (IOException e) {
            throw DynamoException.internal("The write could not be made durable: " + e.getMessage());
        }
    }

    @Override
    public void close() {
        try {
            channel.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
