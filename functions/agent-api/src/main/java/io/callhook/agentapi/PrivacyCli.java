package io.callhook.agentapi;

import io.callhook.aws.AwsException;
import io.callhook.config.AwsClients;
import io.callhook.config.Environment;
import io.callhook.config.LiveConfig;
import io.callhook.dynamodb.DynamoDbJsonClient;
import io.callhook.json.Json;
import io.callhook.privacy.ErasureJob;
import io.callhook.privacy.NumberMatcher;
import io.callhook.store.DynamoCallStore;
import io.callhook.store.DynamoCallbackStore;
import io.callhook.store.DynamoErasureJobs;
import io.callhook.store.DynamoMissedCallStore;
import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.locks.LockSupport;

/**
 * The operator's data-protection CLI (the agent-api jar): erase a number in an organization (the deployed
 * {@code ErasureJobsFunction} runs the job; {@code run} runs it here instead, for the local stack or to finish a job
 * by hand) and follow a job. The tables come from options or the functions' environment variables. Exit statuses
 * as the other CLIs: 0 done, 1 failed, 2 usage error.
 */
public final class PrivacyCli {

    static final String USAGE = """
            usage: PrivacyCli [--endpoint URL] [--region R] [table options] COMMAND [options]
              erase  --organization O --number N [--country-code 49]   start erasing N (prints the job)
              status --organization O --job ID                          the job's progress and report
              run    --organization O --job ID                          run the job's steps here until it is done
            table options (else CALLS_TABLE, MISSED_CALLS_TABLE, CALLBACKS_TABLE, ERASURES_TABLE, CONFIG_TABLE):
              --calls-table T --missed-calls-table T --callbacks-table T --erasures-table T --config-table T
            """;
    private static final Map<String, String> TABLE_OPTIONS = Map.of(
            "calls-table", DynamoCallStore.TABLE_VARIABLE,
            "missed-calls-table", DynamoMissedCallStore.TABLE_VARIABLE,
            "callbacks-table", DynamoCallbackStore.TABLE_VARIABLE,
            "erasures-table", DynamoErasureJobs.TABLE_VARIABLE,
            "config-table", LiveConfig.TABLE_VARIABLE);
    private static final Set<String> OPTIONS = Set.of("endpoint", "region", "organization", "number", "country-code",
            "job", "calls-table", "missed-calls-table", "callbacks-table", "erasures-table", "config-table");

    private PrivacyCli() {
    }

    public static void main(String[] args) {
        System.exit(run(args, System.getenv(), System.out, System.err));
    }

    public static int run(String[] args, Map<String, String> environment, PrintStream out, PrintStream err) {
        return CliArguments.run(args, OPTIONS, USAGE, out, err, options -> {
            Map<String, String> variables = new HashMap<>(environment);
            TABLE_OPTIONS.forEach((option, variable) -> {
                String table = options.first(option, null);
                if (table != null) {
                    variables.put(variable, table);
                }
            });
            if (options.first("endpoint", null) != null) {
                variables.put(AwsClients.DYNAMODB_ENDPOINT, options.first("endpoint", null));
            }
            if (options.first("region", null) != null) {
                variables.put(AwsClients.REGION, options.first("region", null));
            }
            for (String variable : TABLE_OPTIONS.values()) {
                if (variables.get(variable) == null || variables.get(variable).isBlank()) {
                    err.println("error: " + variable + " is not set (or give its --...-table option)");
                    return 2;
                }
            }
            Environment env = Environment.of(variables);
            try (DynamoDbJsonClient dynamo = AwsClients.dynamoDb(env)) {
                return command(options, Erasures.fromEnvironment(dynamo, env), out, err);
            } catch (IllegalArgumentException e) {
                err.println("error: " + e.getMessage());
                return 1;
            } catch (AwsException e) {
                err.println("error: DynamoDB request failed: " + e.getMessage());
                return 1;
            }
        });
    }

    private static int command(CliArguments options, Erasures erasures, PrintStream out, PrintStream err) {
        String organization = options.required("organization");
        switch (options.command()) {
            case "erase" -> {
                NumberMatcher number = NumberMatcher.of(options.required("number"),
                        options.first("country-code", null));
                out.println(Json.write(erasures.start(organization, number, "cli:" + System.getProperty("user.name"),
                        Instant.now()).view()));
                return 0;
            }
            case "status" -> {
                ErasureJob job = erasures.jobs().find(organization, options.required("job")).orElse(null);
                if (job == null) {
                    err.println("error: no erasure " + options.first("job", "") + " in organization " + organization);
                    return 1;
                }
                out.println(Json.write(job.view()));
                return 0;
            }
            case "run" -> {
                String jobId = options.required("job");
                ErasureJob job = erasures.step(organization, jobId, Instant.now()).orElse(null);
                while (job != null && job.status() != ErasureJob.Status.DONE) {
                    if (job.status() == ErasureJob.Status.WAITING) {
                        Duration wait = Duration.between(Instant.now(), job.resumeAt());
                        err.println("waiting " + Math.max(0, wait.toSeconds()) + " s for every function instance to"
                                + " hold the tombstone");
                        LockSupport.parkNanos(Math.max(0, wait.toNanos()));
                    }
                    job = erasures.step(organization, jobId, Instant.now()).orElse(null);
                    if (job != null) {
                        Map<String, Object> progress = new LinkedHashMap<>();
                        progress.put("step", job.step());
                        progress.put("itemsRead", job.itemsRead());
                        err.println(Json.write(progress));
                    }
                }
                if (job == null) {
                    err.println("error: no erasure " + jobId + " in organization " + organization);
                    return 1;
                }
                out.println(Json.write(job.view()));
                return 0;
            }
            default -> {
                err.println("error: unknown command " + options.command());
                err.print(USAGE);
                return 2;
            }
        }
    }
}
