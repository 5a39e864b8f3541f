package io.callhook.local;

import io.callhook.template.LocalTables;
import io.callhook.template.SamTemplate;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.UnaryOperator;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * {@code invoke <FunctionLogicalId> <event.json>}: one function on one event, like {@code sam local invoke} without
 * Docker. It gets its own in-memory DynamoDB engine with the template's tables and a local EventBridge endpoint on
 * free ports; the response JSON (the Lambda runtime's serialization) goes to {@code out}, everything else to
 * {@code log}.
 */
final class InvokeCommand {

    private InvokeCommand() {
    }

    /** @return the exit status: 0 when the function returned, 1 when it failed (its error JSON is printed) */
    static int run(Options options, PrintStream out, PrintStream log) {
        SamTemplate template = SamTemplate.load(options.template(), options.parameters());
        SamTemplate.Function function = template.function(options.functionId());
        String event;
        try {
            event = Files.readString(options.event(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read the event file " + options.event(), e);
        }
        try (LocalEngine dynamo = LocalEngine.start(0, null);
             DynamoDbClient client = LocalStack.dynamoDbClient(dynamo.endpoint());
             LocalHttpServer events = new LocalHttpServer(0, new LocalEventBus(log), log)) {
            Map<String, String> tables = LocalTables.create(client, template, UnaryOperator.identity());
            events.start();
            LocalFunction local = LocalFunction.create(template, function,
                    LocalStack.environment(template, function, tables, options, dynamo.endpoint(), events.url()));
            log.println("[invoke] " + function.logicalId() + " (" + function.handlerClass() + ") on "
                    + options.event() + ", webhook token(s): " + String.join(", ", options.tokens()));
            try {
                out.println(local.invoke(event));
                return 0;
            } catch (LocalFunction.FunctionError e) {
                out.println(LocalJson.write(errorResponse(e.getCause())));
                return 1;
            }
        }
    }

    /** The error document Lambda returns for an unhandled exception. */
    static Map<String, Object> errorResponse(Throwable error) {
        Map<String, Object> response = new LinkedHashMap<>();
        response.put("errorMessage", error.getMessage());
        response.put("errorType", error.getClass().getName());
        response.put("stackTrace", Arrays.stream(error.getStackTrace()).map(StackTraceElement::toString).toList());
        return response;
    }
}
