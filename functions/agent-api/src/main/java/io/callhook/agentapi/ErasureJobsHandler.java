package io.callhook.agentapi;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.DynamodbEvent;
import com.amazonaws.services.lambda.runtime.events.StreamsEventResponse;
import com.amazonaws.services.lambda.runtime.events.models.dynamodb.AttributeValue;
import io.callhook.config.AwsClients;
import io.callhook.config.Environment;
import io.callhook.config.SnapStartPriming;
import io.callhook.log.Invocation;
import io.callhook.log.Log;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Triggered by the erasures table's stream: each written job state runs the job's next step ({@link Erasures#step}),
 * whose own write triggers the step after it, until the job is done. A step that fails is a batch item failure:
 * Lambda delivers the record again (the step is idempotent); past the retries the sweep
 * ({@link ErasureSweepHandler}) wakes the job.
 */
public final class ErasureJobsHandler implements RequestHandler<DynamodbEvent, StreamsEventResponse> {

    private final Erasures erasures;
    private final Clock clock;
    private final Invocation.Invocations invocations = new Invocation.Invocations();

    public ErasureJobsHandler(Environment env) {
        this(Erasures.fromEnvironment(AwsClients.dynamoDb(env), env), Clock.systemUTC());
        SnapStartPriming.register(() -> ErasurePriming.primeJobs(env));
    }

    ErasureJobsHandler(Erasures erasures, Clock clock) {
        this.erasures = erasures;
        this.clock = clock;
    }

    @Override
    public StreamsEventResponse handleRequest(DynamodbEvent event, Context context) {
        try (Invocation invocation = invocations.begin(context)) {
            List<StreamsEventResponse.BatchItemFailure> failures = new ArrayList<>();
            for (DynamodbEvent.DynamodbStreamRecord record : event.getRecords()) {
                Map<String, AttributeValue> keys = record.getDynamodb().getKeys();
                Map<String, AttributeValue> image = record.getDynamodb().getNewImage();
                if (keys == null || image == null || !image.containsKey("active")) {
                    continue;
                }
                String organization = keys.get("pk").getS();
                String jobId = keys.get("sk").getS();
                try {
                    erasures.step(organization, jobId, clock.instant());
                } catch (RuntimeException e) {
                    Log.error("erasure step failed; it runs again", "organization", organization, "jobId", jobId,
                            "exception", e, "detail", e.getMessage());
                    failures.add(new StreamsEventResponse.BatchItemFailure(record.getDynamodb().getSequenceNumber()));
                }
            }
            return new StreamsEventResponse(failures);
        }
    }
}
