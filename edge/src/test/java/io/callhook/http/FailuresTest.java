package io.callhook.http;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import io.callhook.aws.AwsException;
import io.callhook.aws.AwsServiceException;
import io.callhook.config.UnmappedIntegrationException;
import io.callhook.store.CallbackConflictException;
import io.callhook.store.InvalidPageTokenException;
import io.callhook.store.UnknownCallException;
import io.callhook.store.UnknownCallbackException;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The one failure-to-answer mapping: each kind of failure a handler or store throws, and what the caller gets. */
class FailuresTest {

    private static final ApiRequest REQUEST = ApiRequest.of(APIGatewayV2HTTPEvent.builder()
            .withRouteKey("POST /api/v1/callbacks/{itemId}/claim")
            .withPathParameters(Map.of("itemId", "item-7"))
            .withRequestContext(APIGatewayV2HTTPEvent.RequestContext.builder().withRequestId("r-1").build())
            .build());

    private static Failures.Answer answer(RuntimeException failure) {
        return Failures.answer(failure, REQUEST, "the record is full");
    }

    @Test
    void refusalsKeepTheirStatusMessageAndHeaders() {
        Failures.Answer refused = answer(HttpError.tooLarge("body over 64 KiB").withHeader("connection", "close"));
        assertEquals(413, refused.status());
        assertEquals("body over 64 KiB", refused.message());
        assertEquals(Map.of("connection", "close"), refused.headers());
    }

    @Test
    void theStoresRefusalsAreClientErrors() {
        assertEquals(new Failures.Answer(404, "call local:c9 does not exist; nothing was changed", Map.of(), Map.of()),
                answer(new UnknownCallException("local:c9")));
        assertEquals(new Failures.Answer(404, "callback item item-7 does not exist", Map.of(), Map.of()),
                answer(new UnknownCallbackException()));
        Failures.Answer conflict = answer(new CallbackConflictException("item is claimed by agent-b", "agent-b"));
        assertEquals(409, conflict.status());
        assertEquals(Map.of("claimedBy", "agent-b"), conflict.fields());
        assertEquals(422, answer(new InvalidPageTokenException()).status());
    }

    @Test
    void storageFailuresAnswerByWhetherARetryCanCureThem() {
        assertEquals(503, answer(new AwsServiceException(400, "ThrottlingException", "slow down")).status());
        assertEquals(503, answer(new AwsServiceException(400, "TransactionConflictException", "conflict")).status());
        assertEquals(503, answer(new AwsException("read timed out", null, true)).status());
        assertEquals(new Failures.Answer(500, "internal error", Map.of(), Map.of()),
                answer(new AwsServiceException(400, "ResourceNotFoundException", "no table")));
        assertEquals(new Failures.Answer(422, "the record is full", Map.of(), Map.of()),
                answer(new AwsServiceException(400, "ValidationException",
                        "Item size has exceeded the maximum allowed size")));
    }

    @Test
    void aConfigurationErrorNamesItsFixAndDefectsSayNothing() {
        Failures.Answer unmapped = answer(new UnmappedIntegrationException("pbx-3"));
        assertEquals(500, unmapped.status());
        assertEquals(true, unmapped.message().contains("add pbx-3:<organization>"), unmapped.message());
        assertEquals(new Failures.Answer(500, "internal error", Map.of(), Map.of()),
                answer(new IllegalStateException("secret detail")));
    }
}
