package io.callhook.local;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.amazonaws.services.lambda.runtime.serialization.PojoSerializer;
import com.amazonaws.services.lambda.runtime.serialization.events.LambdaEventSerializers;
import com.amazonaws.services.lambda.runtime.serialization.factories.JacksonFactory;
import io.callhook.config.Environment;
import io.callhook.template.SamTemplate;
import io.callhook.testing.LambdaContext;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Type;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.UUID;

/**
 * One function of the template, run in this JVM the way the Lambda Java runtime runs it: the handler class is
 * built once with its {@link Environment}, each event arrives as JSON and is deserialized into the handler's input
 * type with the runtime's own serialization (aws-lambda-java-serialization), and the result is serialized back to
 * JSON. Like one execution environment, it handles one invocation at a time. The template's {@code Timeout} is not
 * enforced; an invocation that overruns it is reported.
 */
final class LocalFunction {

    private final String logicalId;
    private final Object handler;
    private final PojoSerializer<Object> input;
    private final PojoSerializer<Object> output;
    private final boolean voidOutput;
    private final int memoryMb;
    private final int timeoutSeconds;

    private LocalFunction(String logicalId, Object handler, Type[] types, int memoryMb, int timeoutSeconds) {
        this.logicalId = logicalId;
        this.handler = handler;
        ClassLoader loader = handler.getClass().getClassLoader();
        this.input = types == null ? null : serializerFor(types[0], loader);
        this.voidOutput = types == null || types[1] == Void.class || types[1] == void.class;
        this.output = voidOutput ? null : serializerFor(types[1], loader);
        this.memoryMb = memoryMb;
        this.timeoutSeconds = timeoutSeconds;
    }

    /**
     * Builds the template's function with these environment variables.
     *
     * @throws IllegalStateException naming the function when its handler class is missing, breaks the contract
     *                               (a public constructor taking {@link Environment}, {@code handleRequest}) or
     *                               fails to start
     */
    static LocalFunction create(SamTemplate template, SamTemplate.Function function, Map<String, String> variables) {
        String id = function.logicalId();
        String method = function.handler().contains("::")
                ? function.handler().substring(function.handler().indexOf("::") + 2) : "handleRequest";
        if (!method.equals("handleRequest")) {
            throw new IllegalStateException(id + ": the local stack calls handleRequest, the template names " + method);
        }
        Class<?> handlerClass;
        try {
            handlerClass = Class.forName(function.handlerClass(), true, classLoader());
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException(id + ": handler class " + function.handlerClass() + " is not on the "
                    + "class path; add its module as a dependency of local-stack", e);
        }
        Object handler;
        try {
            handler = handlerClass.getConstructor(Environment.class).newInstance(Environment.of(variables));
        } catch (NoSuchMethodException e) {
            throw new IllegalStateException(id + ": " + handlerClass.getName()
                    + " needs a public constructor taking io.callhook.config.Environment", e);
        } catch (InvocationTargetException e) {
            throw new IllegalStateException(id + ": " + handlerClass.getName() + " failed to start: "
                    + e.getCause(), e.getCause());
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(id + ": cannot construct " + handlerClass.getName(), e);
        }
        Type[] types;
        if (handler instanceof RequestStreamHandler) {
            types = null;
        } else if (handler instanceof RequestHandler<?, ?>) {
            types = HandlerTypes.of(handlerClass);
        } else {
            throw new IllegalStateException(id + ": " + handlerClass.getName()
                    + " implements neither RequestHandler nor RequestStreamHandler");
        }
        int memory = intProperty(template, function, "MemorySize", 128);
        int timeout = intProperty(template, function, "Timeout", 3);
        return new LocalFunction(id, handler, types, memory, timeout);
    }

    String logicalId() {
        return logicalId;
    }

    Class<?> handlerClass() {
        return handler.getClass();
    }

    int timeoutSeconds() {
        return timeoutSeconds;
    }

    /**
     * Runs the handler on one event.
     *
     * @return the response JSON ({@code null} for a handler without a result)
     * @throws FunctionError when the handler throws, or the event does not fit its input type
     */
    @SuppressWarnings({"unchecked", "rawtypes"})
    synchronized String invoke(String eventJson) {
        Context context = new LambdaContext(UUID.randomUUID().toString(), logicalId, memoryMb, timeoutSeconds);
        long started = System.nanoTime();
        try {
            if (handler instanceof RequestStreamHandler streamHandler) {
                ByteArrayOutputStream out = new ByteArrayOutputStream();
                streamHandler.handleRequest(new ByteArrayInputStream(eventJson.getBytes(StandardCharsets.UTF_8)),
                        out, context);
                return out.toString(StandardCharsets.UTF_8);
            }
            Object event = input.fromJson(eventJson);
            Object result = ((RequestHandler) handler).handleRequest(event, context);
            if (voidOutput || result == null) {
                return "null";
            }
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            output.toJson(result, out);
            return out.toString(StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new FunctionError(logicalId, new UncheckedIOException(e));
        } catch (RuntimeException | Error e) {
            throw new FunctionError(logicalId, e);
        } finally {
            long millis = (System.nanoTime() - started) / 1_000_000;
            if (millis > timeoutSeconds * 1000L) {
                System.err.println("[" + logicalId + "] took " + millis + " ms, longer than its Timeout of "
                        + timeoutSeconds + " s: Lambda would have stopped it");
            }
        }
    }

    /** The serializer the Lambda Java runtime picks: its event mix-ins for supported events, else Jackson. */
    @SuppressWarnings("unchecked")
    static PojoSerializer<Object> serializerFor(Type type, ClassLoader loader) {
        if (type instanceof Class<?> c && LambdaEventSerializers.isLambdaSupportedEvent(c.getName())) {
            return (PojoSerializer<Object>) LambdaEventSerializers.serializerFor(c, loader);
        }
        return JacksonFactory.getInstance().getSerializer(type);
    }

    private static ClassLoader classLoader() {
        ClassLoader context = Thread.currentThread().getContextClassLoader();
        return context != null ? context : LocalFunction.class.getClassLoader();
    }

    private static int intProperty(SamTemplate template, SamTemplate.Function function, String name, int fallback) {
        Map<String, Object> resources = LocalJson.object(template.raw().get("Resources"));
        Object value = LocalJson.object(LocalJson.object(resources.get(function.logicalId())).get("Properties"))
                .get(name);
        if (value == null) {
            value = LocalJson.object(LocalJson.object(template.raw().get("Globals")).get("Function")).get(name);
        }
        if (value == null) {
            return fallback;
        }
        try {
            return Integer.parseInt(template.resolve(value).trim());
        } catch (NumberFormatException e) {
            return fallback;
        }
    }

    /** The handler failed on an event, as Lambda reports a function error. */
    static final class FunctionError extends RuntimeException {
        FunctionError(String functionId, Throwable cause) {
            super(functionId + " failed: " + cause, cause);
        }

        /** Lambda's error type and message, e.g. {@code java.lang.IllegalStateException: ...}. */
        String summary() {
            Throwable cause = getCause();
            return cause.getClass().getName() + (cause.getMessage() == null ? "" : ": " + cause.getMessage());
        }
    }
}
