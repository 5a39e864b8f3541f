package io.callhook.testing;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;

/** Records the operation of every HTTP request an SDK client sends (a retry is another request). */
public final class RequestCounter implements ExecutionInterceptor {

    private final List<String> requests = new CopyOnWriteArrayList<>();

    @Override
    public void beforeTransmission(Context.BeforeTransmission context, ExecutionAttributes attributes) {
        String name = context.request().getClass().getSimpleName();
        requests.add(name.endsWith("Request") ? name.substring(0, name.length() - "Request".length()) : name);
    }

    public List<String> requests() {
        return List.copyOf(requests);
    }

    public void reset() {
        requests.clear();
    }
}
