package io.callhook.missed;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.DynamodbEvent;
import com.amazonaws.services.lambda.runtime.events.StreamsEventResponse;
import com.amazonaws.services.lambda.runtime.events.models.dynamodb.StreamRecord;
import io.callhook.call.CallRecord;
import io.callhook.call.MissSettings;
import io.callhook.call.MissedCall;
import io.callhook.call.MissedCallTransition;
import io.callhook.config.AwsClients;
import io.callhook.config.Environment;
import io.callhook.config.LineSettingsConfig;
import io.callhook.config.LiveConfig;
import io.callhook.config.OrganizationSettings;
import io.callhook.config.RetentionPolicy;
import io.callhook.config.Setting;
import io.callhook.config.SnapStartPriming;
import io.callhook.contact.NumberKeys;
import io.callhook.events.CallbackEvents;
import io.callhook.events.EventBridgePublisher;
import io.callhook.events.EventPublisher;
import io.callhook.log.Invocation;
import io.callhook.log.Log;
import io.callhook.metrics.Metrics;
import io.callhook.privacy.ErasedNumbers;
import io.callhook.reports.ReportFact;
import io.callhook.store.CallItemLayout;
import io.callhook.store.CallbackStore;
import io.callhook.store.DynamoCallStore;
import io.callhook.store.DynamoCallbackStore;
import io.callhook.store.DynamoConfigStore;
import io.callhook.store.DynamoMissedCallStore;
import io.callhook.store.DynamoReportStore;
import io.callhook.store.MissedCallStore;
import io.callhook.store.PersonalDataSources;
import io.callhook.store.ReportStore;
import io.callhook.views.Views;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Triggered by the calls table's stream. For each change of a call it compares the old and new images: a call
 * that became missed is listed, counted and published as {@code MissedCall}; one that stopped being missed (a late
 * answer) is retracted and published as {@code MissedCallRetracted}; one whose line or start became known later
 * (its entry moves), or whose miss reason changed (a reported end replaced an inferred one), is published as
 * {@code MissedCall} again. Each line's rules ({@link LineSettingsConfig}) decide the reason. Replaying any record
 * changes nothing in the store. Every change also goes to the callback worklist ({@link CallbackWorklist}) and, when
 * it changes what the call means for the queue reports, to their facts ({@link ReportStore}: one conditional put).
 * The caller log's change marker is not this function's: its own stream reader raises it (call-log-marker), and a
 * listing or retraction here raises it only within the missed calls' marker write, at no cost. Nothing the caller
 * log shows is written here (it reads the calls table, the contacts and the settings).
 *
 * <p>A record that fails is reported as a batch item failure; later records of the same call are not processed
 * in this invocation (they are reported too), so one call's changes are never applied out of order, while the
 * other calls in the batch go through.
 *
 * <p>No record is started with less than {@link #STOP_MARGIN} of the invocation left
 * ({@link Context#getRemainingTimeInMillis()}): it and every record after it are reported as batch item failures
 * and the function returns, so Lambda re-delivers them from there instead of timing out on the whole batch.
 */
public final class MissedCallsHandler implements RequestHandler<DynamodbEvent, StreamsEventResponse> {

    /**
     * The time kept back from the deadline: more than one record takes when each of its requests (five DynamoDB
     * requests, one PutEvents) is slow; the template's timeout (120 s) leaves room for a 100-record batch at
     * about a second a record.
     */
    public static final Duration STOP_MARGIN = Duration.ofSeconds(15);
    /** Stream records skipped because their call's number was erased (late or replayed images). */
    public static final String ERASED_SKIPPED_METRIC = "ErasedNumberRecordsSkipped";

    private final MissedCallStore missed;
    private final EventPublisher events;
    private final Supplier<MissSettings> rules;
    private final Supplier<ErasedNumbers> erased;
    private final Supplier<RetentionPolicy> retention;
    private final CallbackWorklist worklist;
    private final ReportStore reports;
    private final Invocation.Invocations invocations = new Invocation.Invocations();

    public MissedCallsHandler() {
        this(Environment.system());
    }

    public MissedCallsHandler(Environment env) {
        this(AwsClients.dynamoDb(env), env);
        SnapStartPriming.register(() -> MissedCallsPriming.primeRequestPath(env));
    }

    /** The handler of {@code env}'s tables, bus and line rules, through {@code dynamo}. */
    MissedCallsHandler(io.callhook.dynamodb.DynamoDbJsonClient dynamo, Environment env) {
        this(dynamo, env, DynamoConfigStore.liveConfig(dynamo, env));
    }

    private MissedCallsHandler(io.callhook.dynamodb.DynamoDbJsonClient dynamo, Environment env, LiveConfig config) {
        this(DynamoMissedCallStore.fromEnvironment(dynamo, env), DynamoCallbackStore.fromEnvironment(dynamo, env),
                DynamoReportStore.fromEnvironment(dynamo, env), EventBridgePublisher.fromEnvironment(env),
                LineSettingsConfig.live(config, env), config.parsed(Setting.ERASED_NUMBERS, ErasedNumbers::parse),
                DynamoCallStore.retention(config, env), OrganizationSettings.live(config, env));
    }

    public MissedCallsHandler(MissedCallStore missed, CallbackStore callbacks, EventPublisher events,
                              Set<String> voicemail) {
        this(missed, callbacks, events, MissSettings.of(voicemail));
    }

    public MissedCallsHandler(MissedCallStore missed, CallbackStore callbacks, EventPublisher events,
                              MissSettings rules) {
        this(missed, callbacks, ReportStore.NONE, events, () -> rules);
    }

    /** A handler that keeps the queue reports' facts in {@code reports} too. */
    public MissedCallsHandler(MissedCallStore missed, CallbackStore callbacks, ReportStore reports,
                              EventPublisher events, MissSettings rules) {
        this(missed, callbacks, reports, events, () -> rules);
    }

    /** @param rules each line's rules as they are now, asked for each record (configuration that may change) */
    MissedCallsHandler(MissedCallStore missed, CallbackStore callbacks, ReportStore reports, EventPublisher events,
                       Supplier<MissSettings> rules) {
        this(missed, callbacks, reports, events, rules, ErasedNumbers::none, null);
    }

    /** @param erased the erasure tombstones as they are now (cached as every setting), asked for each record */
    public MissedCallsHandler(MissedCallStore missed, CallbackStore callbacks, EventPublisher events,
                              Supplier<MissSettings> rules, Supplier<ErasedNumbers> erased) {
        this(missed, callbacks, events, rules, erased, null);
    }

    /**
     * @param retention the days each organization (and integration) keeps missed entries and worklist facts, as
     *                  they are now; {@code null}: the call's own expiry
     */
    public MissedCallsHandler(MissedCallStore missed, CallbackStore callbacks, EventPublisher events,
                              Supplier<MissSettings> rules, Supplier<ErasedNumbers> erased,
                              Supplier<RetentionPolicy> retention) {
        this(missed, callbacks, ReportStore.NONE, events, rules, erased, retention);
    }

    /**
     * @param reports   where the queue reports' facts go ({@link ReportStore#NONE}: nowhere)
     * @param erased    the erasure tombstones as they are now (cached as every setting), asked for each record
     * @param retention the days each organization (and integration) keeps missed entries and worklist facts, as
     *                  they are now; {@code null}: the call's own expiry
     */
    public MissedCallsHandler(MissedCallStore missed, CallbackStore callbacks, ReportStore reports,
                              EventPublisher events, Supplier<MissSettings> rules, Supplier<ErasedNumbers> erased,
                              Supplier<RetentionPolicy> retention) {
        this(missed, callbacks, reports, events, rules, erased, retention,
                () -> OrganizationSettings.defaults(Environment.of(Map.of())));
    }

    /**
     * @param settings each organization's settings as they are now: the worklist keys a caller number by its E.164
     *                 form in the organization's default region ({@link NumberKeys#worklist})
     */
    public MissedCallsHandler(MissedCallStore missed, CallbackStore callbacks, ReportStore reports,
                              EventPublisher events, Supplier<MissSettings> rules, Supplier<ErasedNumbers> erased,
                              Supplier<RetentionPolicy> retention, Supplier<OrganizationSettings> settings) {
        this.retention = retention;
        this.erased = erased;
        this.missed = missed;
        this.reports = reports;
        this.events = events;
        this.rules = rules;
        this.worklist = new CallbackWorklist(callbacks, new CallbackEvents(callbacks, events, Clock.systemUTC()),
                rules, (organization, number) -> NumberKeys.worklist(number,
                        settings.get().of(organization).defaultRegion()));
    }

    @Override
    public StreamsEventResponse handleRequest(DynamodbEvent event, Context context) {
        try (Invocation invocation = invocations.begin(context)) {
            StreamsEventResponse response = handleBatch(event, context);
            Metrics.count(Metrics.STREAM_BATCH_ITEM_FAILURES, response.getBatchItemFailures().size());
            return response;
        }
    }

    private StreamsEventResponse handleBatch(DynamodbEvent event, Context context) {
        List<StreamsEventResponse.BatchItemFailure> failures = new ArrayList<>();
        Set<String> failedCalls = new HashSet<>();
        List<DynamodbEvent.DynamodbStreamRecord> records = event.getRecords();
        boolean outOfTime = false;
        for (int i = 0; i < records.size(); i++) {
            DynamodbEvent.DynamodbStreamRecord record = records.get(i);
            StreamRecord change = record.getDynamodb();
            String sequence = change == null ? record.getEventID() : change.getSequenceNumber();
            if (!outOfTime && context != null && context.getRemainingTimeInMillis() < STOP_MARGIN.toMillis()) {
                outOfTime = true;
                Log.warn("stopping before the deadline; the rest of the batch is re-delivered", "sequenceNumber",
                        sequence, "recordsLeft", records.size() - i, "remainingMillis",
                        context.getRemainingTimeInMillis());
            }
            if (outOfTime) {
                failures.add(new StreamsEventResponse.BatchItemFailure(sequence));
                continue;
            }
            String callId = callId(change);
            Invocation.put("callId", callId);
            if (callId != null && failedCalls.contains(callId)) {
                failures.add(new StreamsEventResponse.BatchItemFailure(sequence));
                continue;
            }
            try {
                apply(change);
            } catch (RuntimeException e) {
                Log.error("stream record failed", "callId", callId, "sequenceNumber", sequence, "exception", e,
                        "detail", e.getMessage());
                failures.add(new StreamsEventResponse.BatchItemFailure(sequence));
                if (callId != null) {
                    failedCalls.add(callId);
                }
            }
        }
        Invocation.remove("callId");
        return new StreamsEventResponse(failures);
    }

    private static String callId(StreamRecord change) {
        if (change == null || change.getKeys() == null || change.getKeys().get(CallItemLayout.KEY) == null) {
            return null;
        }
        return change.getKeys().get(CallItemLayout.KEY).getS();
    }

    private void apply(StreamRecord change) {
        if (change.getNewImage() != null && change.getNewImage().containsKey(PersonalDataSources.ERASED_AT)) {
            // an erasure's tombstone: the erasure removed the call's entry and worklist facts itself, and the day
            // counts keep the call
            return;
        }
        CallRecord before = image(change.getOldImage());
        CallRecord after = image(change.getNewImage());
        if (after != null && after.organizationId() != null) {
            ErasedNumbers tombstones = erased.get();
            if (!tombstones.of(after.organizationId()).isEmpty()
                    && (tombstones.erased(after.organizationId(), after.from(), after.firstSeenAt())
                    || tombstones.erased(after.organizationId(), after.to(), after.firstSeenAt()))) {
                // a late or replayed image of a call whose number was erased: it must not come back
                Log.info("stream record of an erased number skipped");
                Metrics.count(ERASED_SKIPPED_METRIC);
                return;
            }
        }
        Integer shard = shard(change.getNewImage() != null ? change.getNewImage() : change.getOldImage());
        if (retention == null || after == null || after.firstSeenAt() == null) {
            applyMissed(before, after, shard);
            worklist.apply(after);
        } else {
            // each copy of the call is kept as long as its organization (or integration) keeps that kind of data,
            // counted from when callhook first heard of the call, as the call's own expiry is
            RetentionPolicy.Days days = retention.get().of(after.organizationId(), after.source());
            Instant start = after.firstSeenAt();
            applyMissed(before == null ? null : before.withExpiresAt(start.plus(days.missedCallsTtl())),
                    after.withExpiresAt(start.plus(days.missedCallsTtl())), shard);
            worklist.apply(after.withExpiresAt(start.plus(days.callbacksTtl())));
        }
        // the report fact expires with the call's record (its own expiry, the calls' retention)
        applyReports(before, after);
    }

    /** The call's report fact: written only when the change changed it, never older over newer. */
    private void applyReports(CallRecord before, CallRecord after) {
        if (after == null) {
            return; // deleted (TTL): the fact expires with it
        }
        MissSettings lineRules = rules.get();
        Optional<ReportFact> fact = ReportFact.of(after, lineRules);
        reports.record(before == null ? Optional.empty() : ReportFact.of(before, lineRules), fact,
                ReportFact.version(after, fact));
    }

    /** The index shard the call's record was written to ({@code orgShard}, never changed), if it has one. */
    private static Integer shard(
            Map<String, com.amazonaws.services.lambda.runtime.events.models.dynamodb.AttributeValue> image) {
        var value = image == null ? null : image.get(CallItemLayout.ORGANIZATION_SHARD);
        if (value == null || value.getS() == null || value.getS().lastIndexOf('#') < 0) {
            return null;
        }
        try {
            return Integer.parseInt(value.getS().substring(value.getS().lastIndexOf('#') + 1));
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private void applyMissed(CallRecord before, CallRecord after, Integer shard) {
        MissedCallTransition transition = MissedCallTransition.between(before, after, rules.get());
        if (transition.changesNothing()) {
            return;
        }
        transition.retract().ifPresent(entry -> missed.retract(entry, shard));
        transition.record().ifPresent(entry -> missed.record(entry, shard));
        if (transition.newlyMissed() || transition.moved() || transition.reasonChanged()) {
            MissedCall entry = transition.record().orElseThrow();
            events.publish("MissedCall", Views.missedCall(entry));
            if (transition.newlyMissed()) {
                Metrics.count(Metrics.MISSED_CALLS_LISTED);
            }
            Log.info(transition.moved() ? "missed call moved" : "missed call", "callId", entry.callId(),
                    "line", entry.line(), "reason", entry.reason().wire());
        } else if (transition.noLongerMissed()) {
            MissedCall entry = transition.retract().orElseThrow();
            events.publish("MissedCallRetracted", Map.of("callId", entry.callId(), "organizationId",
                    String.valueOf(entry.organizationId()), "line", entry.line(),
                    "startedAt", entry.startedAt().toString()));
            Metrics.count(Metrics.MISSED_CALLS_RETRACTED);
            Log.info("missed call retracted", "callId", entry.callId(), "line", entry.line());
        }
    }

    private static CallRecord image(
            Map<String, com.amazonaws.services.lambda.runtime.events.models.dynamodb.AttributeValue> image) {
        return image == null || image.isEmpty() ? null : CallItemLayout.toRecord(StreamImages.toItem(image));
    }
}
