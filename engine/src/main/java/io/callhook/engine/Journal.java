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
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * An append-only journal of every table operation and every committed write, one JSON line each, written before
 * the client is answered, after an optional snapshot of the whole database. Reopening a data directory restores the
 * snapshot and replays the journal, which rebuilds tables, items and stream records exactly. A line cut short by a
 * crash was never acknowledged and is dropped on replay.
 *
 * <p>Compaction keeps a long-lived directory proportional to its data: once the journal has grown past
 * {@link #COMPACT_AFTER_BYTES} and past twice the last snapshot, the database is written to {@code snapshot.json}
 * and the journal starts again empty. Crash-safe in this order: the snapshot goes to a temporary file which is
 * fsynced, then renamed over the old snapshot atomically (and the directory fsynced), then the journal is emptied
 * and begins with a line naming the snapshot's generation. A crash before the rename leaves the old snapshot and the
 * whole journal; a crash after it leaves a journal of an older generation, whose content the snapshot already holds,
 * so it is skipped and emptied on the next open.
 */
final class Journal implements AutoCloseable {

    static final String FILE_NAME = "journal.jsonl";
    static final String SNAPSHOT_NAME = "snapshot.json";
    static final String SNAPSHOT_TEMPORARY_NAME = "snapshot.json.tmp";
    static final long COMPACT_AFTER_BYTES = 16L * 1024 * 1024;

    /** The steps of a compaction, in order (tests stop after one of them to act out a crash). */
    enum Step { SNAPSHOT_WRITTEN, SNAPSHOT_RENAMED, JOURNAL_RESET }

    private final ObjectMapper json;
    private final Path directory;
    private final Path file;
    private final FileChannel channel;
    private final boolean sync;
    private long generation;
    private long snapshotBytes;
    private long journalBytes;
    private boolean broken;
    /** {@link #COMPACT_AFTER_BYTES}; tests lower it. */
    long compactAfterBytes = COMPACT_AFTER_BYTES;
    /** After a failed compaction, the next one waits until the journal has doubled. */
    private long retryAfterBytes;

    private Journal(ObjectMapper json, Path directory, FileChannel channel, boolean sync) {
        this.json = json;
        this.directory = directory;
        this.file = directory.resolve(FILE_NAME);
        this.channel = channel;
        this.sync = sync;
    }

    static Journal open(Path directory, boolean sync, ObjectMapper json) {
        try {
            Files.createDirectories(directory);
            Files.deleteIfExists(directory.resolve(SNAPSHOT_TEMPORARY_NAME));
            FileChannel channel = FileChannel.open(directory.resolve(FILE_NAME), StandardOpenOption.CREATE,
                    StandardOpenOption.WRITE, StandardOpenOption.READ);
            return new Journal(json, directory, channel, sync);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open the journal in " + directory, e);
        }
    }

    /**
     * Restores the snapshot if there is one, replays every complete line of the journal into {@code database} (none
     * if the journal is older than the snapshot), drops a torn last line, and positions for appending.
     */
    void replayInto(Database database) {
        Path snapshot = directory.resolve(SNAPSHOT_NAME);
        try {
            if (Files.exists(snapshot)) {
                JsonNode node = json.readTree(snapshot.toFile());
                generation = node.get("generation").longValue();
                snapshotBytes = Files.size(snapshot);
                Snapshots.restore(database, node);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the snapshot " + snapshot, e);
        }
        long good = 0;
        int lineNumber = 0;
        boolean stale = false;
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
                if (lineNumber == 1) {
                    long of = entry.path("op").asText().equals("generation") ? entry.get("generation").longValue() : 0;
                    if (of > generation) {
                        throw new IllegalStateException("journal " + file + " is newer than its snapshot");
                    }
                    stale = of < generation;
                }
                if (stale) {
                    continue;
                }
                apply(database, entry);
                good += line.getBytes(StandardCharsets.UTF_8).length + 1;
            }
            channel.truncate(good);
            channel.position(good);
            journalBytes = good;
            if (good == 0 && generation > 0) {
                startGeneration(generation);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the journal " + file, e);
        }
    }

    /** Whether the journal has grown enough past the data to be worth compacting. */
    boolean compactionDue() {
        return journalBytes > compactAfterBytes && journalBytes > 2 * snapshotBytes && journalBytes > retryAfterBytes;
    }

    /**
     * Writes a snapshot of {@code database} (whose lock the caller holds) and empties the journal, stopping after
     * {@code last}. A failure after the snapshot was renamed leaves the journal refusing writes, since the old one
     * would be skipped on the next open.
     */
    void compact(DatabaseCore database, Step last) {
        long next = generation + 1;
        Path temporary = directory.resolve(SNAPSHOT_TEMPORARY_NAME);
        try {
            byte[] bytes = json.writeValueAsBytes(Snapshots.of(database, next));
            try (FileChannel out = FileChannel.open(temporary, StandardOpenOption.CREATE,
                    StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE)) {
                ByteBuffer buffer = ByteBuffer.wrap(bytes);
                while (buffer.hasRemaining()) {
                    out.write(buffer);
                }
                out.force(true);
            }
            if (last == Step.SNAPSHOT_WRITTEN) {
                return;
            }
            Files.move(temporary, directory.resolve(SNAPSHOT_NAME), StandardCopyOption.ATOMIC_MOVE,
                    StandardCopyOption.REPLACE_EXISTING);
            syncDirectory();
        } catch (IOException e) {
            retryAfterBytes = 2 * journalBytes;
            throw DynamoException.internal("The journal could not be compacted: " + e.getMessage());
        }
        snapshotBytes = 0;
        broken = true;
        generation = next;
        if (last == Step.SNAPSHOT_RENAMED) {
            return;
        }
        try {
            snapshotBytes = Files.size(directory.resolve(SNAPSHOT_NAME));
            channel.truncate(0);
            channel.position(0);
            journalBytes = 0;
            startGeneration(next);
            broken = false;
        } catch (IOException e) {
            throw DynamoException.internal("The journal could not be compacted: " + e.getMessage());
        }
    }

    private void startGeneration(long number) throws IOException {
        ObjectNode entry = Requests.object().put("op", "generation").put("generation", number);
        ByteBuffer buffer = ByteBuffer.wrap((json.writeValueAsString(entry) + "\n").getBytes(StandardCharsets.UTF_8));
        journalBytes += buffer.remaining();
        while (buffer.hasRemaining()) {
            channel.write(buffer);
        }
        channel.force(false);
    }

    private void syncDirectory() {
        try (FileChannel dir = FileChannel.open(directory, StandardOpenOption.READ)) {
            dir.force(true);
        } catch (IOException | UnsupportedOperationException e) {
            // some platforms cannot open a directory; the rename is still atomic there
        }
    }

    private static void apply(Database database, JsonNode entry) {
        String op = entry.get("op").textValue();
        if (op.equals("generation")) {
            return;
        }
        long at = entry.get("at").longValue();
        if (op.equals("write")) {
            database.replay(at, () -> {
                List<DatabaseCore.Change> changes = new ArrayList<>();
                for (JsonNode change : entry.get("changes")) {
                    Table table = database.tableForReplay(change.get("table").textValue());
                    Map<String, Value> key = ValueJson.readItem(change.get("key"));
                    Map<String, Value> item = change.has("item") ? ValueJson.readItem(change.get("item")) : null;
                    changes.add(new DatabaseCore.Change(table, key, item, change.path("ttl").asBoolean(false)));
                }
                database.commit(changes);
            });
        } else {
            database.replay(at, () -> database.handle(op, entry.get("request")));
        }
    }

    void write(long at, List<DatabaseCore.Change> changes) {
        ObjectNode entry = Requests.object().put("at", at).put("op", "write");
        ArrayNode array = entry.putArray("changes");
        for (DatabaseCore.Change change : changes) {
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
        if (broken) {
            throw DynamoException.internal("The write could not be made durable: the journal is not usable after a "
                    + "failed compaction");
        }
        try {
            byte[] line = (json.writeValueAsString(entry) + "\n").getBytes(StandardCharsets.UTF_8);
            ByteBuffer buffer = ByteBuffer.wrap(line);
            journalBytes += line.length;
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
