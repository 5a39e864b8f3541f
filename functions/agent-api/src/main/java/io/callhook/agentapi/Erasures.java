package io.callhook.agentapi;

import io.callhook.config.Environment;
import io.callhook.config.LiveConfig;
import io.callhook.config.Setting;
import io.callhook.dynamodb.DynamoDbJsonClient;
import io.callhook.log.Log;
import io.callhook.privacy.ErasedNumbers;
import io.callhook.privacy.ErasureJob;
import io.callhook.privacy.NumberMatcher;
import io.callhook.store.DynamoCallStore;
import io.callhook.store.DynamoConfigStore;
import io.callhook.store.DynamoErasureJobs;
import io.callhook.store.PersonalData;
import io.callhook.store.PersonalDataSources;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Runs erasure jobs, step by step. A job first writes its tombstone (the {@code ErasedNumbers} setting), then waits
 * until every function instance has read it again ({@code ConfigCacheSeconds} plus {@value #SETTLE_VARIABLE}), then
 * takes each {@link PersonalData} table in turn, a few pages per {@link #step}, and is done after the calls.
 *
 * <p>Guarantees: every step is idempotent (a table's {@code find} after its {@code erase} finds nothing more, a
 * tombstone written again is the same entry), and a step's progress is written once, conditional on the state it
 * started from: a repeated, replayed or concurrent step changes nothing, and a job that failed mid-step resumes
 * from its last written state when it is stepped again (by its next stream record, the sweep or a new request).
 */
public final class Erasures {

    /** Seconds added to the config cache time before the tables are touched (default 60): stream lag. */
    public static final String SETTLE_VARIABLE = "ERASURE_SETTLE_SECONDS";
    /** Pages one step reads at most before it writes its progress. */
    static final int PAGES_PER_STEP = 10;
    /** A running job not written for this long is stepped again by the sweep (its runner failed). */
    static final Duration STALLED = Duration.ofMinutes(2);

    private final DynamoErasureJobs jobs;
    private final List<PersonalData> tables;
    private final DynamoConfigStore config;
    private final Duration settle;
    private final Duration keepTombstones;

    public Erasures(DynamoErasureJobs jobs, List<PersonalData> tables, DynamoConfigStore config, Duration settle,
                    Duration keepTombstones) {
        this.jobs = jobs;
        this.tables = List.copyOf(tables);
        this.config = config;
        this.settle = settle;
        this.keepTombstones = keepTombstones;
    }

    public static Erasures fromEnvironment(DynamoDbJsonClient dynamo, Environment env) {
        return new Erasures(DynamoErasureJobs.fromEnvironment(dynamo, env),
                PersonalDataSources.fromEnvironment(dynamo, env).all(),
                new DynamoConfigStore(dynamo, env.require(LiveConfig.TABLE_VARIABLE)), settle(env),
                Duration.ofDays(env.optionalLong(DynamoCallStore.RETENTION_VARIABLE,
                        DynamoCallStore.DEFAULT_RETENTION_DAYS)));
    }

    static Duration settle(Environment env) {
        return LiveConfig.ttl(env).plusSeconds(env.optionalLong(SETTLE_VARIABLE, 60));
    }

    public DynamoErasureJobs jobs() {
        return jobs;
    }

    /** The tables' names, in the order a job takes them. */
    public List<String> tableNames() {
        return tables.stream().map(PersonalData::name).toList();
    }

    /**
     * Starts erasing {@code number} in {@code organization}, or answers the job already doing so (written again, so
     * a stalled one resumes): asking twice starts one job.
     */
    public ErasureJob start(String organization, NumberMatcher number, String requestedBy, Instant at) {
        Instant now = at.truncatedTo(ChronoUnit.MILLIS);
        Optional<ErasureJob> running = jobs.activeFor(organization, number.hashIn(organization));
        if (running.isPresent()) {
            ErasureJob nudged = running.get().nudged(now);
            return jobs.advance(running.get(), nudged) ? nudged : jobs.find(organization, nudged.jobId()).orElseThrow();
        }
        ErasureJob job = ErasureJob.start(organization, UUID.randomUUID().toString(), number, requestedBy, now,
                tableNames());
        if (!jobs.create(job)) {
            throw new IllegalStateException("job id taken");
        }
        Log.info("erasure started", "organization", organization, "jobId", job.jobId());
        return job;
    }

    /**
     * Runs the job's next step (up to {@value #PAGES_PER_STEP} pages) and writes its progress; answers the job as
     * stored afterwards. A done job, or a waiting one before its time, is answered unchanged.
     */
    public Optional<ErasureJob> step(String organization, String jobId, Instant at) {
        Instant now = at.truncatedTo(ChronoUnit.MILLIS);
        Optional<ErasureJob> stored = jobs.find(organization, jobId);
        if (stored.isEmpty() || stored.get().status() == ErasureJob.Status.DONE) {
            return stored;
        }
        ErasureJob job = stored.get();
        ErasureJob next = advanced(job, now);
        if (next == null) {
            return stored;
        }
        if (!jobs.advance(job, next)) {
            // another runner wrote first; its state stands
            return jobs.find(organization, jobId);
        }
        if (next.status() == ErasureJob.Status.DONE) {
            Log.info("erasure done", "organization", organization, "jobId", jobId, "removed", next.removed());
        }
        return Optional.of(next);
    }

    /** The state after this step, or {@code null} when there is nothing to do yet. */
    private ErasureJob advanced(ErasureJob job, Instant now) {
        if (job.status() == ErasureJob.Status.WAITING) {
            if (job.resumeAt() != null && now.isBefore(job.resumeAt())) {
                return null;
            }
            return job.next(ErasureJob.Status.RUNNING, tables.get(0).name(), null, job.removed(), job.itemsRead(),
                    now, null);
        }
        if (job.step().equals(ErasureJob.TOMBSTONE)) {
            ErasedNumbers.Tombstone tombstone = new ErasedNumbers.Tombstone(job.organization(), job.hash(),
                    job.erasedAt(), job.countryCode());
            config.put(Setting.ERASED_NUMBERS, tombstone.entry(), tombstone.entry());
            pruneTombstones(job.organization(), now);
            return job.next(ErasureJob.Status.WAITING, ErasureJob.WAIT, null, job.removed(), job.itemsRead(), now,
                    now.plus(settle));
        }
        NumberMatcher number = job.matcher();
        Map<String, Long> removed = new LinkedHashMap<>(job.removed());
        long read = job.itemsRead();
        int index = tableIndex(job.step());
        String cursor = job.cursor();
        for (int page = 0; page < PAGES_PER_STEP; page++) {
            PersonalData table = tables.get(index);
            PersonalData.Found found = table.find(job.organization(), number, job.erasedAt(), cursor);
            int changed = table.erase(job.organization(), number, found, job.erasedAt());
            removed.merge(table.name(), (long) changed, Long::sum);
            read += found.read();
            cursor = found.cursor();
            if (cursor == null) {
                index++;
                if (index == tables.size()) {
                    return job.next(ErasureJob.Status.DONE, ErasureJob.DONE, null, removed, read, now, null);
                }
            }
        }
        return job.next(ErasureJob.Status.RUNNING, tables.get(index).name(), cursor, removed, read, now, null);
    }

    private int tableIndex(String step) {
        for (int i = 0; i < tables.size(); i++) {
            if (tables.get(i).name().equals(step)) {
                return i;
            }
        }
        throw new IllegalStateException("erasure step " + step + " names no table of this deployment");
    }

    /** Removes the organization's tombstones older than the calls they stand for can be. */
    private void pruneTombstones(String organization, Instant now) {
        config.entries(Setting.ERASED_NUMBERS).forEach((id, entry) -> {
            try {
                ErasedNumbers.Tombstone tombstone = ErasedNumbers.tombstone(entry);
                if (tombstone.organization().equals(organization)
                        && tombstone.erasedAt().isBefore(now.minus(keepTombstones))) {
                    config.remove(Setting.ERASED_NUMBERS, id);
                }
            } catch (IllegalArgumentException e) {
                Log.warn("ErasedNumbers entry is not a tombstone; left alone", "detail", e.getMessage());
            }
        });
    }

    /**
     * The sweep: a waiting job whose time has come is stepped; a running job not written for {@link #STALLED} is
     * written again (its runner failed past its retries), which starts its step again. Answers how many it moved.
     */
    public int sweep(Instant at) {
        Instant now = at.truncatedTo(ChronoUnit.MILLIS);
        int moved = 0;
        for (ErasureJob job : jobs.active()) {
            if (job.status() == ErasureJob.Status.WAITING && !now.isBefore(job.resumeAt())) {
                moved += step(job.organization(), job.jobId(), now).isPresent() ? 1 : 0;
            } else if (job.status() == ErasureJob.Status.RUNNING
                    && job.updatedAt().isBefore(now.minus(STALLED))) {
                moved += jobs.advance(job, job.nudged(now)) ? 1 : 0;
            }
        }
        return moved;
    }
}
