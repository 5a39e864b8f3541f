// AwsJsonClient's care around each attempt where the engine cannot produce the failure: a body that does not match
// its x-amz-crc32, a clock the server finds skewed, and the invocation's deadline. The transport is a stub that
// answers from a script; the backoff's sleeper and the clocks are manual, so nothing waits.
package io.callhook.aws;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.callhook.engine.ManualClock;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.zip.CRC32;
import org.junit.jupiter.api.Test;

class AwsJsonClientTest {

    private static final Instant T0 = Instant.parse("2026-12-01T12:00:00Z");
    private static final byte[] OK = "{\"Item\":{\"pk\":{\"S\":\"a\"}}}".getBytes(StandardCharsets.UTF_8);

    private final ManualClock clock = new ManualClock(T0);
    /** Nanoseconds of a manual monotonic clock, advanced by the sleeper and by the script. */
    private final AtomicLong nanos = new AtomicLong();
    private final List<Duration> slept = new ArrayList<>();
    private final List<Map<String, String>> sent = new ArrayList<>();
    private final List<Duration> timeouts = new ArrayList<>();

    /** A transport answering the n-th request (from 0) with {@code script.apply(n)}. */
    private HttpTransport scripted(Function<Integer, HttpTransport.Response> script) {
        return new HttpTransport() {
            @Override
            public Response post(URI uri, Map<String, String> headers, byte[] body) {
                sent.add(headers);
                return script.apply(sent.size() - 1);
            }

            @Override
            public Response post(URI uri, Map<String, String> headers, byte[] body, Duration timeout) {
                timeouts.add(timeout);
                return post(uri, headers, body);
            }
        };
    }

    private AwsJsonClient client(HttpTransport transport) {
        return AwsJsonClient.builder()
                .endpoint(URI.create("https://dynamodb.us-east-1.amazonaws.com"))
                .region("us-east-1")
                .signingName("dynamodb")
                .targetPrefix("DynamoDB_20120810")
                .contentType("application/x-amz-json-1.0")
                .credentials(CredentialsProvider.fixed("AKIDEXAMPLE", "secret"))
                .transport(transport)
                .retries(Retries.dynamoDb())
                .clock(clock)
                .sleeper(delay -> {
                    slept.add(delay);
                    nanos.addAndGet(delay.toNanos());
                })
                .build();
    }

    private static HttpTransport.Response answer(int status, byte[] body, Map<String, String> headers) {
        return new HttpTransport.Response(status, headers, body);
    }

    private static String crc32(byte[] body) {
        CRC32 crc = new CRC32();
        crc.update(body);
        return Long.toString(crc.getValue());
    }

    private static String httpDate(Instant instant) {
        return DateTimeFormatter.RFC_1123_DATE_TIME.format(instant.atOffset(ZoneOffset.UTC));
    }

    private static String amzDate(Instant instant) {
        return DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").format(instant.atOffset(ZoneOffset.UTC));
    }

    // ---- x-amz-crc32

    @Test
    void anAnswerWhoseBodyMatchesItsCrc32IsTaken() {
        AwsJsonClient client = client(scripted(n -> answer(200, OK, Map.of("x-amz-crc32", crc32(OK)))));

        assertSame(OK, client.call("GetItem", new byte[0]));
        assertEquals(1, sent.size());
    }

    @Test
    void aBodyThatDoesNotMatchItsCrc32IsRetriedInTheSameCall() {
        byte[] damaged = OK.clone();
        damaged[3] ^= 1;
        AwsJsonClient client = client(scripted(n -> answer(200, n == 0 ? damaged : OK,
                Map.of("X-Amz-Crc32", crc32(OK)))));

        byte[] answer = client.call("GetItem", new byte[0]);

        assertSame(OK, answer, "the second attempt's intact body");
        assertEquals(2, sent.size());
    }

    @Test
    void aCrc32MismatchOnEveryAttemptIsARetryableFailureAfterTheLastAttempt() {
        AwsJsonClient client = client(scripted(n -> answer(200, OK, Map.of("x-amz-crc32", "12345"))));

        AwsException failure = assertThrows(AwsException.class, () -> client.call("GetItem", new byte[0]));

        assertTrue(failure.retryable());
        assertFalse(failure instanceof AwsServiceException);
        assertTrue(failure.getMessage().contains("x-amz-crc32"), failure.getMessage());
        assertEquals(Retries.DYNAMODB_ATTEMPTS, sent.size());
    }

    @Test
    void anErrorAnswerIsCheckedToo() {
        byte[] throttled = "{\"__type\":\"#ThrottlingException\",\"message\":\"slow down\"}"
                .getBytes(StandardCharsets.UTF_8);
        AwsJsonClient client = client(scripted(n -> n == 0 ? answer(400, throttled, Map.of("x-amz-crc32", "1"))
                : answer(200, OK, Map.of())));

        assertSame(OK, client.call("GetItem", new byte[0]));
        assertEquals(2, sent.size());
    }

    // ---- clock skew

    @Test
    void aSignatureRefusedForAClockTenMinutesBehindIsSignedAgainWithTheServersTime() {
        Instant server = T0.plus(Duration.ofMinutes(10));
        byte[] refused = ("{\"__type\":\"com.amazon.coral.service#InvalidSignatureException\",\"message\":"
                + "\"Signature expired: 20261201T120000Z is now earlier than 20261201T120500Z\"}")
                .getBytes(StandardCharsets.UTF_8);
        AwsJsonClient client = client(scripted(n -> n == 0 ? answer(400, refused, Map.of("Date", httpDate(server)))
                : answer(200, OK, Map.of())));

        assertSame(OK, client.call("GetItem", new byte[0]));

        assertEquals(amzDate(T0), sent.get(0).get("X-Amz-Date"));
        assertEquals(amzDate(server), sent.get(1).get("X-Amz-Date"), "the retry is signed with the server's time");
        assertEquals(Duration.ofMinutes(10), client.clockSkew());
        clock.advance(Duration.ofSeconds(30));
        client.call("GetItem", new byte[0]);
        assertEquals(amzDate(server.plusSeconds(30)), sent.get(2).get("X-Amz-Date"), "and every later request");
    }

    @Test
    void aDefiniteSkewErrorCorrectsEvenASmallSkewAndIsRetried() {
        Instant server = T0.minus(Duration.ofSeconds(90));
        byte[] refused = "{\"__type\":\"#RequestTimeTooSkewed\",\"message\":\"too skewed\"}"
                .getBytes(StandardCharsets.UTF_8);
        AwsJsonClient client = client(scripted(n -> n == 0 ? answer(403, refused, Map.of("Date", httpDate(server)))
                : answer(200, OK, Map.of())));

        client.call("GetItem", new byte[0]);

        assertEquals(amzDate(server), sent.get(1).get("X-Amz-Date"));
    }

    @Test
    void aSignatureErrorWithTheClocksAgreeingIsNotASkewAndNotRetried() {
        byte[] refused = ("{\"__type\":\"#InvalidSignatureException\",\"message\":\"The request signature we "
                + "calculated does not match\"}").getBytes(StandardCharsets.UTF_8);
        AwsJsonClient client = client(scripted(n -> answer(400, refused,
                Map.of("Date", httpDate(T0.plus(Duration.ofMinutes(3)))))));

        AwsServiceException failure = assertThrows(AwsServiceException.class,
                () -> client.call("GetItem", new byte[0]));

        assertFalse(failure.retryable());
        assertFalse(failure.clockSkew());
        assertEquals(1, sent.size());
        assertEquals(Duration.ZERO, client.clockSkew());
    }

    // ---- the invocation's deadline

    @Test
    void retriesStopBeforeTheDeadlineWithTheLastFailureAndEachAttemptGetsOnlyTheTimeLeft() {
        byte[] unavailable = "{\"__type\":\"#InternalServerError\",\"message\":\"down\"}"
                .getBytes(StandardCharsets.UTF_8);
        long perAttempt = Duration.ofMillis(150).toNanos();
        List<Long> starts = new ArrayList<>();
        // a server that answers 500 after 150 ms, or a read that times out first when the timeout is shorter
        HttpTransport slowAndFailing = new HttpTransport() {
            @Override
            public Response post(URI uri, Map<String, String> headers, byte[] body) {
                throw new AssertionError("a call under a deadline passes its timeout");
            }

            @Override
            public Response post(URI uri, Map<String, String> headers, byte[] body, Duration timeout)
                    throws java.net.SocketTimeoutException {
                sent.add(headers);
                timeouts.add(timeout);
                starts.add(nanos.get());
                if (timeout.toNanos() < perAttempt) {
                    nanos.addAndGet(timeout.toNanos());
                    throw new java.net.SocketTimeoutException("Read timed out");
                }
                nanos.addAndGet(perAttempt);
                return answer(500, unavailable, Map.of());
            }
        };
        AwsJsonClient client = client(slowAndFailing);
        Duration budget = Duration.ofMillis(400);

        AwsException failure;
        try (Deadline deadline = Deadline.begin(budget, nanos::get)) {
            failure = assertThrows(AwsException.class, () -> client.call("UpdateItem", new byte[0]));
        }

        assertTrue(failure.retryable(), "a webhook answers 503");
        assertTrue(Duration.ofNanos(nanos.get()).compareTo(budget) <= 0, "ended by the deadline, not after it");
        assertTrue(sent.size() >= 2 && sent.size() < Retries.DYNAMODB_ATTEMPTS, sent.size() + " attempts");
        for (int i = 0; i < timeouts.size(); i++) {
            assertEquals(budget.minusNanos(starts.get(i)), timeouts.get(i), "attempt " + i + " gets the time left");
        }
        assertEquals(java.util.Optional.empty(), Deadline.remaining(), "closed with the invocation");
    }

    @Test
    void aBackoffThatWouldEndPastTheDeadlineEndsTheCallWithTheFailure() {
        byte[] throttled = "{\"__type\":\"#ThrottlingException\",\"message\":\"slow down\"}"
                .getBytes(StandardCharsets.UTF_8);
        AwsJsonClient client = client(scripted(n -> {
            nanos.incrementAndGet();
            return answer(400, throttled, Map.of());
        }));

        AwsServiceException failure;
        // the attempt takes 1 ns, leaving 1 ns: the throttling backoff (full jitter up to 1 s) is longer, or zero
        // and the next attempt would find no time left; either way the call ends with the throttling error
        try (Deadline deadline = Deadline.begin(Duration.ofNanos(2), nanos::get)) {
            failure = assertThrows(AwsServiceException.class, () -> client.call("UpdateItem", new byte[0]));
        }

        assertEquals("ThrottlingException", failure.errorCode());
        assertTrue(failure.retryable());
        assertEquals(1, sent.size());
        assertEquals(List.of(), slept, "no backoff waited out");
    }

    @Test
    void aCallWithNoTimeLeftSendsNothing() {
        AwsJsonClient client = client(scripted(n -> answer(200, OK, Map.of())));

        AwsException failure;
        try (Deadline deadline = Deadline.begin(Duration.ZERO, nanos::get)) {
            failure = assertThrows(AwsException.class, () -> client.call("GetItem", new byte[0]));
        }

        assertTrue(failure.retryable());
        assertTrue(failure.getMessage().contains("deadline"), failure.getMessage());
        assertEquals(0, sent.size());
    }

    @Test
    void withoutADeadlineTheTransportKeepsItsOwnTimeouts() {
        AwsJsonClient client = client(scripted(n -> answer(200, OK, Map.of())));

        client.call("GetItem", new byte[0]);

        assertEquals(1, sent.size());
        assertEquals(List.of(), timeouts);
    }
}
