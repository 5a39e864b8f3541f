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
import io.callhook.store.DynamoAuditTrail;
import io.callhook.store.DynamoContactStore;
import io.callhook.store.DynamoMissedCallStore;
import io.callhook.store.InvalidPageTokenException;
import io.callhook.store.PersonalDataSources;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.locks.LockSupport;

/**
 * The operator's data-protection CLI (the agent-api jar): erase a number in an organization (the deployed
 * {@code ErasureJobsFunction} runs the job; {@code run} runs it here instead, for the local stack or to finish a job
 * by hand), follow a job, export what is stored about a number and read the organization's audit trail, with the
 * admin API's code ({@link Erasures}, {@link Exports}, {@link Privacy#audit}): the same checks, pages and answers.
 * The tables come from options or the functions' environment variables. Exit statuses as the other CLIs: 0 done,
 * 1 failed, 2 usage error.
 */
public final class PrivacyCli {

    static final String USAGE = """
            usage: PrivacyCli [--endpoint URL] [--region R] [table options] COMMAND [options]
              erase  --organization O --number N [--country-code 49]   start erasing N (prints the job)
              status --organization O --job ID                          the job's progress and report
              run    --organization O --job ID                          run the job's steps here until it is done
              export --organization O --number N [--country-code 49] [--format json|csv] [--table T]
                     [--directory D] [--next-token T] [--pages P]
                     what is stored about N, read in the admin API's pages (P of them at most; default: all)
                     from T: json, one document to stdout (its nextToken continues it, null: complete); csv, one
                     table (--table) to stdout, or each table (or --table) to D/<table>.csv
              audit  --organization O [--limit 1-300] [--next-token T]   a page of the audit trail, newest first
            table options (else CALLS_TABLE, MISSED_CALLS_TABLE, CALLBACKS_TABLE, ERASURES_TABLE, CONFIG_TABLE,
            CONTACTS_TABLE, AUDIT_TABLE; the last two optional, audit needs only AUDIT_TABLE):
              --calls-table T --missed-calls-table T --callbacks-table T --erasures-table T --config-table T
              --contacts-table T --audit-table T
            """;
    private static final Map<String, String> TABLE_OPTIONS = Map.of(
            "calls-table", DynamoCallStore.TABLE_VARIABLE,
            "missed-calls-table", DynamoMissedCallStore.TABLE_VARIABLE,
            "callbacks-table", DynamoCallbackStore.TABLE_VARIABLE,
            "erasures-table", DynamoErasureJobs.TABLE_VARIABLE,
            "config-table", LiveConfig.TABLE_VARIABLE);
    /** Tables a deployment may leave out; given, an erasure and an export take them too. */
    private static final Map<String, String> OPTIONAL_TABLES = Map.of(
            "contacts-table", DynamoContactStore.TABLE_VARIABLE,
            "audit-table", DynamoAuditTrail.TABLE_VARIABLE);
    private static final Set<String> OPTIONS = Set.of("endpoint", "region", "organization", "number", "country-code",
            "job", "calls-table", "missed-calls-table", "callbacks-table", "erasures-table", "config-table",
            "contacts-table", "audit-table", "format", "table", "directory", "next-token", "pages", "limit");

    private PrivacyCli() {
    }

    public static void main(String[] args) {
        System.exit(run(args, System.getenv(), System.out, System.err));
    }

    public static int run(String[] args, Map<String, String> environment, PrintStream out, PrintStream err) {
        return CliArguments.run(args, OPTIONS, USAGE, out, err, options -> {
            Map<String, String> tableOptions = new HashMap<>(TABLE_OPTIONS);
            tableOptions.putAll(OPTIONAL_TABLES);
            Map<String, String> variables = options.withTables(environment, tableOptions);
            boolean audit = options.command().equals("audit");
            if (CliArguments.missing(variables, audit ? List.of(DynamoAuditTrail.TABLE_VARIABLE)
                    : TABLE_OPTIONS.values(), err) != null) {
                return 2;
            }
            Environment env = Environment.of(variables);
            try (DynamoDbJsonClient dynamo = AwsClients.dynamoDb(env)) {
                if (audit) {
                    out.println(Json.write(Privacy.audit(DynamoAuditTrail.fromEnvironment(dynamo, env),
                            options.required("organization"), options.first("limit", null),
                            options.first("next-token", null))));
                    return 0;
                }
                if (options.command().equals("export")) {
                    return export(options, new Exports(PersonalDataSources.fromEnvironment(dynamo, env).all()), out,
                            err);
                }
                return command(options, Erasures.fromEnvironment(dynamo, env), out, err);
            } catch (InvalidPageTokenException e) {
                err.println("error: " + e.getMessage());
                return 1;
            } catch (IllegalArgumentException e) {
                err.println("error: " + e.getMessage());
                return 1;
            } catch (AwsException e) {
                err.println("error: DynamoDB request failed: " + e.getMessage());
                return 1;
            }
        });
    }

    /**
     * The export command: the admin API's pages from {@code --next-token}, {@code --pages} of them at most, joined
     * per table; a JSON document or CSV as {@link #USAGE} says.
     */
    private static int export(CliArguments options, Exports exports, PrintStream out, PrintStream err) {
        String organization = options.required("organization");
        NumberMatcher number = NumberMatcher.of(options.required("number"), options.first("country-code", null));
        String table = options.first("table", null);
        String directory = options.first("directory", null);
        // the API's check; into a directory, a CSV export may take every table (a file each)
        boolean csv = Exports.csv(options.first("format", null), directory == null ? table : "every table");
        if (!csv && directory != null) {
            throw new IllegalArgumentException("--directory takes CSV files: add --format csv");
        }
        int pages = pages(options.first("pages", null));
        String token = options.first("next-token", null);
        Map<String, List<Map<String, Object>>> tables = new LinkedHashMap<>();
        for (int read = 0; read < pages; read++) {
            Exports.Page page = exports.page(organization, number, table, token);
            page.tables().forEach((name, items) -> tables.computeIfAbsent(name, n -> new ArrayList<>())
                    .addAll(items));
            token = page.nextToken();
            if (token == null) {
                break;
            }
        }
        if (!csv) {
            out.println(Json.write(Exports.document(organization, number, tables, token)));
            return 0;
        }
        if (directory == null) {
            out.print(Exports.csv(tables.get(table)));
        } else {
            Path folder = Path.of(directory);
            try {
                Files.createDirectories(folder);
                for (Map.Entry<String, List<Map<String, Object>>> items : tables.entrySet()) {
                    Path file = folder.resolve(items.getKey() + ".csv");
                    Files.writeString(file, Exports.csv(items.getValue()), StandardCharsets.UTF_8);
                    err.println("wrote " + file + " (" + items.getValue().size() + " items)");
                }
            } catch (IOException e) {
                throw new IllegalArgumentException("cannot write to " + directory + ": " + e.getMessage());
            }
        }
        if (token != null) {
            err.println("nextToken: " + token);
        }
        return 0;
    }

    private static int pages(String text) {
        if (text == null) {
            return Integer.MAX_VALUE;
        }
        try {
            int pages = Integer.parseInt(text);
            if (pages >= 1) {
                return pages;
            }
        } catch (NumberFormatException e) {
            // refused below
        }
        throw new IllegalArgumentException("--pages must be a whole number from 1");
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
