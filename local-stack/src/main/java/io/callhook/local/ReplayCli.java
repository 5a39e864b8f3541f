package io.callhook.local;

import io.callhook.template.SamTemplate;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.math.BigInteger;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.model.GetRecordsResponse;
import software.amazon.awssdk.services.dynamodb.model.Record;
import software.amazon.awssdk.services.dynamodb.model.ShardIteratorType;
import software.amazon.awssdk.services.dynamodb.model.TrimmedDataAccessException;
import software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsClient;

/**
 * Re-drives a stream batch the missed-calls function gave up on: reads the on-failure message Lambda sent to the
 * failure queue (its {@code DDBStreamBatchInfo}: stream, shard, first and last sequence number), reads those
 * records from the stream while it still holds them (24 hours), keeps the ones the template's
 * {@code FilterCriteria} lets through (as the event source mapping did), and invokes the function with them,
 * {@code BatchSize} at a time, through Lambda's Invoke API. Every write of the function is idempotent, so a batch
 * replayed twice, or one that partly went through before, changes nothing more.
 *
 * <p>Exit status: 0 every record went through; 1 a record still failed, the function failed, or the records are
 * gone from the stream (each said on stderr); 2 a usage error.
 */
public final class ReplayCli {

    static final String USAGE = """
            usage: ReplayCli --message FILE|- [--function NAME] [--region REGION] [--template FILE]
                             [--stream-endpoint URL] [--lambda-endpoint URL]
              --message          the failure queue message's body (Lambda's on-failure record), - for stdin
              --function         the function to invoke (default: the message's functionArn, with its alias)
              --region           default: the stream ARN's region
              --template         default: the nearest template.yaml (its stream event's FilterCriteria, BatchSize)
              --stream-endpoint  default https://streams.dynamodb.<region>.amazonaws.com; the local stack's engine:
                                 http://127.0.0.1:8000
              --lambda-endpoint  default https://lambda.<region>.amazonaws.com; the local stack: http://127.0.0.1:3000
            Credentials: the AWS SDK's default chain (any credentials against loopback endpoints).""";

    /** Enough for a 100-record batch of a busy shard: each GetRecords returns up to 1,000 records. */
    private static final int MAX_READS = 1_000;

    private ReplayCli() {
    }

    public static void main(String[] args) {
        int status = run(args, System.in, System.out, System.err);
        if (status != 0) {
            System.exit(status);
        }
    }

    /** What the message names: where the failed batch was. */
    record Batch(String functionArn, String streamArn, String shardId, String startSequenceNumber,
                 String endSequenceNumber) {

        static Batch of(Map<String, Object> message) {
            Map<String, Object> info = LocalJson.object(message.get("DDBStreamBatchInfo"));
            Map<String, Object> context = LocalJson.object(message.get("requestContext"));
            Batch batch = new Batch((String) context.get("functionArn"), (String) info.get("streamArn"),
                    (String) info.get("shardId"), (String) info.get("startSequenceNumber"),
                    (String) info.get("endSequenceNumber"));
            if (batch.streamArn == null || batch.shardId == null || batch.startSequenceNumber == null
                    || batch.endSequenceNumber == null) {
                throw new IllegalArgumentException("the message has no DDBStreamBatchInfo with streamArn, shardId, "
                        + "startSequenceNumber and endSequenceNumber: is it a stream function's on-failure record?");
            }
            return batch;
        }

        String region() {
            String[] parts = streamArn.split(":");
            return parts.length > 3 ? parts[3] : LocalStack.REGION;
        }
    }

    static int run(String[] args, InputStream stdin, PrintStream out, PrintStream err) {
        if (List.of(args).contains("--help")) {
            out.println(USAGE);
            return 0;
        }
        Map<String, String> options = new LinkedHashMap<>();
        for (int i = 0; i < args.length; i++) {
            String name = args[i];
            if (!name.startsWith("--") || i + 1 >= args.length
                    || !List.of("message", "function", "region", "template", "stream-endpoint", "lambda-endpoint")
                    .contains(name.substring(2))) {
                err.println("unknown option or missing value: " + name + "\n" + USAGE);
                return 2;
            }
            options.put(name.substring(2), args[++i]);
        }
        if (!options.containsKey("message")) {
            err.println("--message is required\n" + USAGE);
            return 2;
        }
        Batch batch;
        try {
            String text = options.get("message").equals("-")
                    ? new String(stdin.readAllBytes(), StandardCharsets.UTF_8)
                    : Files.readString(Path.of(options.get("message")), StandardCharsets.UTF_8);
            batch = Batch.of(LocalJson.parseObject(text));
        } catch (IOException | IllegalArgumentException | ClassCastException e) {
            err.println("cannot read the message: " + e.getMessage());
            return 2;
        }
        String function = options.getOrDefault("function", batch.functionArn());
        if (function == null) {
            err.println("the message names no functionArn: give --function");
            return 2;
        }
        String region = options.getOrDefault("region", batch.region());
        URI streams = URI.create(options.getOrDefault("stream-endpoint",
                "https://streams.dynamodb." + region + ".amazonaws.com"));
        URI lambda = URI.create(options.getOrDefault("lambda-endpoint", "https://lambda." + region + ".amazonaws.com"));
        StreamSettings settings = streamSettings(options.containsKey("template")
                ? Path.of(options.get("template")) : SamTemplate.find());
        try {
            return replay(batch, function, region, streams, lambda, settings, out, err);
        } catch (RuntimeException | IOException e) {
            err.println("replay failed: " + e);
            return 1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            err.println("interrupted");
            return 1;
        }
    }

    /**
     * The template's stream event of the calls table with a failure queue (the missed-calls function's; the
     * caller-log marker's reader of the same stream and the erasures table's stream have none): its filter and
     * batch size.
     */
    static StreamSettings streamSettings(Path templateFile) {
        SamTemplate template = SamTemplate.load(templateFile);
        List<StreamSettings> triggers = new ArrayList<>();
        template.functions().forEach(f -> f.streams().forEach(t -> triggers.add(StreamSettings.of(template, t))));
        if (triggers.size() > 1) {
            triggers.removeIf(trigger -> !trigger.table().equals("CallsTable")
                    || trigger.onFailureDestination() == null);
        }
        if (triggers.size() != 1) {
            throw new IllegalStateException("expected one stream event in " + templateFile + ", found "
                    + triggers.size());
        }
        return triggers.get(0);
    }

    private static int replay(Batch batch, String function, String region, URI streamsEndpoint, URI lambdaEndpoint,
                              StreamSettings settings, PrintStream out, PrintStream err)
            throws IOException, InterruptedException {
        AwsCredentialsProvider credentials = isLoopback(streamsEndpoint) && isLoopback(lambdaEndpoint)
                ? StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local"))
                : DefaultCredentialsProvider.builder().build();
        List<StreamRecords.Polled> records;
        try (DynamoDbStreamsClient streams = DynamoDbStreamsClient.builder()
                .httpClientBuilder(UrlConnectionHttpClient.builder()).region(Region.of(region))
                .credentialsProvider(credentials).endpointOverride(streamsEndpoint).build()) {
            records = read(streams, batch, region);
        } catch (TrimmedDataAccessException e) {
            err.println("the stream no longer holds sequence number " + batch.startSequenceNumber()
                    + " (records are kept 24 hours): this batch cannot be replayed; its calls need their events sent "
                    + "again");
            return 1;
        }
        List<StreamRecords.Polled> kept = records.stream().filter(r -> settings.filter().accepts(r.json())).toList();
        err.println("[replay] " + records.size() + " record(s) from " + batch.startSequenceNumber() + " to "
                + batch.endSequenceNumber() + " on " + batch.shardId() + "; " + kept.size()
                + " pass the filter; invoking " + function);
        if (kept.isEmpty()) {
            return 0;
        }
        HttpClient http = HttpClient.newHttpClient();
        List<String> stillFailing = new ArrayList<>();
        int size = settings.policy().batchSize();
        for (int from = 0; from < kept.size(); from += size) {
            List<StreamRecords.Polled> part = kept.subList(from, Math.min(kept.size(), from + size));
            HttpResponse<String> response = invoke(http, lambdaEndpoint, function, region, credentials,
                    StreamRecords.eventJson(part));
            out.println(response.body());
            if (response.statusCode() != 200 || response.headers().firstValue("X-Amz-Function-Error").isPresent()) {
                err.println("the function failed (" + response.statusCode() + "): " + response.body());
                return 1;
            }
            stillFailing.addAll(StreamPoller.batchItemFailures(response.body()));
        }
        if (!stillFailing.isEmpty()) {
            err.println("still failing: " + stillFailing + "; replay again once the cause is fixed");
            return 1;
        }
        err.println("[replay] " + kept.size() + " record(s) went through; the queue message can be deleted");
        return 0;
    }

    /** The records of the batch's shard from its first to its last sequence number, in stream order. */
    static List<StreamRecords.Polled> read(DynamoDbStreamsClient streams, Batch batch, String region) {
        BigInteger end = new BigInteger(batch.endSequenceNumber());
        String iterator = streams.getShardIterator(b -> b.streamArn(batch.streamArn()).shardId(batch.shardId())
                .shardIteratorType(ShardIteratorType.AT_SEQUENCE_NUMBER)
                .sequenceNumber(batch.startSequenceNumber())).shardIterator();
        List<StreamRecords.Polled> records = new ArrayList<>();
        for (int reads = 0; iterator != null && reads < MAX_READS; reads++) {
            String current = iterator;
            GetRecordsResponse response = streams.getRecords(b -> b.shardIterator(current).limit(1000));
            for (Record record : response.records()) {
                if (new BigInteger(record.dynamodb().sequenceNumber()).compareTo(end) > 0) {
                    return records;
                }
                records.add(StreamRecords.poll(record, batch.streamArn(), region));
            }
            if (!records.isEmpty() && records.get(records.size() - 1).sequenceNumber()
                    .equals(batch.endSequenceNumber())) {
                return records;
            }
            iterator = response.nextShardIterator();
        }
        return records;
    }

    private static HttpResponse<String> invoke(HttpClient http, URI endpoint, String function, String region,
                                               AwsCredentialsProvider credentials, String payload)
            throws IOException, InterruptedException {
        URI uri = URI.create(endpoint.toString().replaceAll("/+$", "") + "/2015-03-31/functions/"
                + URLEncoder.encode(function, StandardCharsets.UTF_8) + "/invocations");
        byte[] body = payload.getBytes(StandardCharsets.UTF_8);
        SdkHttpRequest request = SdkHttpRequest.builder().method(SdkHttpMethod.POST).uri(uri)
                .putHeader("content-type", "application/json").build();
        SdkHttpRequest signed = AwsV4HttpSigner.create().sign(r -> r
                .identity(credentials.resolveCredentials())
                .request(request)
                .payload(ContentStreamProvider.fromByteArrayUnsafe(body))
                .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, "lambda")
                .putProperty(AwsV4HttpSigner.REGION_NAME, region)).request();
        HttpRequest.Builder send = HttpRequest.newBuilder(uri).POST(HttpRequest.BodyPublishers.ofByteArray(body));
        signed.forEachHeader((name, values) -> {
            if (!name.equalsIgnoreCase("host") && !name.equalsIgnoreCase("content-length")) {
                send.header(name, values.get(0));
            }
        });
        return http.send(send.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static boolean isLoopback(URI endpoint) {
        String host = endpoint.getHost();
        return host != null && (host.equals("127.0.0.1") || host.equals("localhost") || host.equals("[::1]"));
    }
}
