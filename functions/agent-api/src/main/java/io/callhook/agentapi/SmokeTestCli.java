package io.callhook.agentapi;

import io.callhook.json.Json;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * The after-deploy smoke test: against a deployed stack's {@code ApiUrl} (or the local stack), posts one inbound call
 * that rings and is not answered through the generic CTI webhook, under a fresh call id, and follows it through the
 * system: the caller log shows it ended and missed (the webhook's write read back through the agents' API), the
 * missed-calls API lists it (the table's stream reached the missed-calls function), and, where the event bus can
 * be read ({@code --events-url}: the local stack's {@code /_local/events}), its {@code MissedCall} event. Then it
 * marks the test call done, so it waits in nobody's open list. Uses only HTTP; needs no AWS credentials.
 * <pre>
 * java -cp functions/agent-api/target/agent-api-lambda.jar io.callhook.agentapi.SmokeTestCli run --api-url URL \
 *     --webhook-token T --agent-token A
 * </pre>
 */
public final class SmokeTestCli {

    static final String USAGE = """
            usage: SmokeTestCli run --api-url URL --webhook-token TOKEN --agent-token TOKEN [OPTIONS]

              --api-url        the stack's ApiUrl output (the local stack: http://127.0.0.1:3000)
              --webhook-token  a token of WebhookTokenHashes (the call is that integration's)
              --agent-token    an agent's token, of the organization the integration's calls belong to
              --line           the line (queue) the test call rings on (default callhook-smoke-test)
              --wait-seconds   how long to wait for the stream to list the missed call (default 90)
              --events-url     where the published events can be read (the local stack's /_local/events)
            """;

    /** The line test calls ring on unless told: its missed-call counts are the smoke test's alone. */
    static final String LINE = "callhook-smoke-test";

    private static final Set<String> OPTIONS = Set.of("api-url", "webhook-token", "agent-token", "line",
            "wait-seconds", "events-url");

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    private final String api;
    private final String agentToken;
    private final PrintStream out;

    private SmokeTestCli(String api, String agentToken, PrintStream out) {
        this.api = api.endsWith("/") ? api.substring(0, api.length() - 1) : api;
        this.agentToken = agentToken;
        this.out = out;
    }

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    /**
     * Runs the smoke test; returns the exit status: 0 every step passed, 1 a step failed (said on {@code err}), 2 a
     * usage error. Each passed step is one line on {@code out}; the tokens are never printed.
     */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        return CliArguments.run(args, OPTIONS, USAGE, out, err, arguments -> {
            if (!arguments.command().equals("run")) {
                err.println("error: unknown command " + arguments.command());
                return 2;
            }
            for (String required : List.of("api-url", "webhook-token", "agent-token")) {
                if (arguments.first(required, null) == null) {
                    err.println("error: --" + required + " is required");
                    return 2;
                }
            }
            try {
                SmokeTestCli test = new SmokeTestCli(arguments.required("api-url"),
                        arguments.required("agent-token"), out);
                test.run(arguments.required("webhook-token"), arguments.first("line", LINE),
                        Duration.ofSeconds(Long.parseLong(arguments.first("wait-seconds", "90"))),
                        arguments.first("events-url", null));
                out.println("smoke test passed");
                return 0;
            } catch (IllegalArgumentException | IllegalStateException e) {
                err.println("error: " + e.getMessage());
                return 1;
            } catch (IOException e) {
                err.println("error: " + e);
                return 1;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                err.println("error: interrupted");
                return 1;
            }
        });
    }

    private void run(String webhookToken, String line, Duration wait, String eventsUrl)
            throws IOException, InterruptedException {
        String callId = "smoke-" + UUID.randomUUID();
        Instant started = Instant.now();
        String webhook = "/api/v1/cti/" + URLEncoder.encode(webhookToken, StandardCharsets.UTF_8);
        expect(200, post(webhook, null, "{\"event\":\"newCall\",\"direction\":\"in\",\"callId\":\"" + callId
                + "\",\"from\":\"+4930555000123\",\"to\":\"+4930555000100\",\"queue\":\"" + json(line) + "\"}"),
                "the webhook's newCall");
        expect(200, post(webhook, null, "{\"event\":\"hangup\",\"direction\":\"in\",\"callId\":\"" + callId
                + "\",\"cause\":\"noAnswer\"}"), "the webhook's hangup");
        out.println("posted call " + callId + " (newCall, hangup noAnswer) on line " + line);

        Map<String, Object> logged = entry(expectJson(get("/api/v1/cti/log?limit=50&queue=" + query(line)),
                "the caller log"), callId);
        if (logged == null) {
            throw new IllegalStateException("the caller log of line " + line + " does not show call " + callId);
        }
        if (!"hangup".equals(logged.get("state")) || !Boolean.TRUE.equals(logged.get("missed"))) {
            throw new IllegalStateException("the caller log shows call " + callId + " as state " + logged.get("state")
                    + ", missed " + logged.get("missed") + "; expected hangup, missed");
        }
        String fullId = (String) logged.get("callId");
        out.println("caller log: " + fullId + " ended, missed (" + logged.get("missReason") + ")");

        Instant deadline = Instant.now().plus(wait);
        String days = "&since=" + day(started.minusSeconds(1)) + "&until=" + day(Instant.now());
        Map<String, Object> missed = null;
        while (missed == null) {
            missed = entry(expectJson(get("/api/v1/missed-calls?line=" + query(line) + days), "the missed calls"),
                    callId);
            if (missed == null) {
                pause(deadline, "the missed-calls API did not list call " + callId + " within " + wait.toSeconds()
                        + " s (is the stream function running?)");
            }
        }
        out.println("missed calls: " + fullId + " listed, reason " + missed.get("reason"));

        if (eventsUrl != null) {
            while (!publishedMissedCall(eventsUrl, fullId)) {
                pause(deadline, "no MissedCall event for " + fullId + " at " + eventsUrl + " within "
                        + wait.toSeconds() + " s");
            }
            out.println("event: MissedCall for " + fullId + " published");
        }

        expect(200, post("/api/v1/cti/done/" + URLEncoder.encode(fullId, StandardCharsets.UTF_8), agentToken,
                "{\"done\":true}"), "marking the test call done");
        out.println("marked " + fullId + " done");
    }

    private boolean publishedMissedCall(String eventsUrl, String fullId) throws IOException, InterruptedException {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(eventsUrl))
                .timeout(Duration.ofSeconds(30)).GET().build(), HttpResponse.BodyHandlers.ofString());
        Object events = expectJson(response, "the events").get("events");
        if (!(events instanceof List<?> list)) {
            return false;
        }
        return list.stream().anyMatch(event -> event instanceof Map<?, ?> map
                && "MissedCall".equals(map.get("detail-type")) && map.get("detail") instanceof Map<?, ?> detail
                && fullId.equals(detail.get("callId")));
    }

    /** The entry of {@code answer.entries} whose callId is {@code callId} under any integration prefix. */
    private static Map<String, Object> entry(Map<String, Object> answer, String callId) {
        if (!(answer.get("entries") instanceof List<?> entries)) {
            return null;
        }
        for (Object entry : entries) {
            if (entry instanceof Map<?, ?> map && map.get("callId") instanceof String id
                    && (id.equals(callId) || id.endsWith(":" + callId))) {
                @SuppressWarnings("unchecked")
                Map<String, Object> found = (Map<String, Object>) map;
                return found;
            }
        }
        return null;
    }

    private HttpResponse<String> post(String path, String token, String json) throws IOException,
            InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(api + path)).timeout(Duration.ofSeconds(30))
                .header("content-type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json));
        if (token != null) {
            request.header("authorization", "Bearer " + token);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create(api + path)).timeout(Duration.ofSeconds(30))
                .header("authorization", "Bearer " + agentToken).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    private static void expect(int status, HttpResponse<String> response, String what) {
        if (response.statusCode() != status) {
            throw new IllegalStateException(what + " answered " + response.statusCode() + ": " + response.body());
        }
    }

    private static Map<String, Object> expectJson(HttpResponse<String> response, String what) {
        expect(200, response, what);
        return Json.parseObject(response.body());
    }

    /** Waits a second before asking again (the stream is asynchronous); fails with {@code failure} when too late. */
    private static void pause(Instant deadline, String failure) throws InterruptedException {
        if (Instant.now().isAfter(deadline)) {
            throw new IllegalStateException(failure);
        }
        Thread.sleep(1000);
    }

    private static String day(Instant instant) {
        return LocalDate.ofInstant(instant, ZoneOffset.UTC).toString();
    }

    private static String query(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    private static String json(String value) {
        return Json.write(value).replaceAll("^\"|\"$", "");
    }
}
