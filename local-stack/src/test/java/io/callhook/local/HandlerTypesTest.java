// Unit tests, no I/O: finding a handler's input and output types as the Lambda runtime does.
package io.callhook.local;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.amazonaws.services.lambda.runtime.events.DynamodbEvent;
import com.amazonaws.services.lambda.runtime.events.StreamsEventResponse;
import io.callhook.cti.CtiWebhookHandler;
import java.lang.reflect.Type;
import org.junit.jupiter.api.Test;

class HandlerTypesTest {

    abstract static class Base<I, O> implements RequestHandler<I, O> {
    }

    abstract static class Stream<X> extends Base<DynamodbEvent, X> {
    }

    static final class Concrete extends Stream<StreamsEventResponse> {
        @Override
        public StreamsEventResponse handleRequest(DynamodbEvent event, Context context) {
            return null;
        }
    }

    @Test
    void typesResolveThroughGenericSuperclasses() {
        assertArrayEquals(new Type[] {DynamodbEvent.class, StreamsEventResponse.class},
                HandlerTypes.of(Concrete.class));
        assertArrayEquals(new Type[] {APIGatewayV2HTTPEvent.class, APIGatewayV2HTTPResponse.class},
                HandlerTypes.of(CtiWebhookHandler.class));
    }

    @Test
    void aClassThatIsNoRequestHandlerIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> HandlerTypes.of(String.class));
    }
}
