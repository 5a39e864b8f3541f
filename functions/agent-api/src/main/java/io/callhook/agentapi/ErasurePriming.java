package io.callhook.agentapi;

import com.amazonaws.services.lambda.runtime.events.DynamodbEvent;
import com.amazonaws.services.lambda.runtime.events.models.dynamodb.AttributeValue;
import com.amazonaws.services.lambda.runtime.events.models.dynamodb.StreamRecord;
import io.callhook.config.AwsClients;
import io.callhook.config.Environment;
import io.callhook.config.PrimingHttpClient;
import java.time.Clock;
import java.util.List;
import java.util.Map;

/**
 * SnapStart priming of the erasure functions, through handlers whose DynamoDB client answers itself
 * ({@link PrimingHttpClient}, "nothing found"): the jobs function reads a job that is not there (stream record
 * conversion, the job's {@code GetItem} marshalled and signed, its answer), the sweep looks for active jobs and finds
 * none. Nothing leaves the process: no job is read, advanced or written.
 */
final class ErasurePriming {

    private ErasurePriming() {
    }

    /** One stream record of a job that does not exist; returns the operations sent. */
    static List<String> primeJobs(Environment env) {
        PrimingHttpClient http = new PrimingHttpClient();
        ErasureJobsHandler handler = new ErasureJobsHandler(Erasures.fromEnvironment(AwsClients.dynamoDb(env, http),
                env), Clock.systemUTC());
        StreamRecord change = new StreamRecord();
        change.setKeys(Map.of("pk", s("snapstart-priming"), "sk", s("snapstart-priming")));
        change.setNewImage(Map.of("pk", s("snapstart-priming"), "sk", s("snapstart-priming"), "active", s("1")));
        change.setSequenceNumber("1");
        DynamodbEvent.DynamodbStreamRecord record = new DynamodbEvent.DynamodbStreamRecord();
        record.setEventName("INSERT");
        record.setEventID("1");
        record.setDynamodb(change);
        DynamodbEvent event = new DynamodbEvent();
        event.setRecords(List.of(record));
        handler.handleRequest(event, null);
        return http.operations();
    }

    /** One sweep that finds no active job; returns the operations sent. */
    static List<String> primeSweep(Environment env) {
        PrimingHttpClient http = new PrimingHttpClient();
        new ErasureSweepHandler(Erasures.fromEnvironment(AwsClients.dynamoDb(env, http), env))
                .handleRequest(Map.of("time", "2026-01-01T00:00:00Z"), null);
        return http.operations();
    }

    private static AttributeValue s(String value) {
        return new AttributeValue().withS(value);
    }
}
