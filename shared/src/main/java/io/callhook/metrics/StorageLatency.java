package io.callhook.metrics;

import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttribute;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;

/**
 * Records {@link Metrics#STORAGE_LATENCY} for every DynamoDB call, from before the first attempt to the answer
 * (retries included, so a throttled call shows its real cost), by {@code Operation}. Failed calls are recorded too.
 */
public final class StorageLatency implements ExecutionInterceptor {

    private static final ExecutionAttribute<Long> STARTED = new ExecutionAttribute<>("callhook.storageStarted");

    @Override
    public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
        attributes.putAttribute(STARTED, System.nanoTime());
    }

    @Override
    public void afterExecution(Context.AfterExecution context, ExecutionAttributes attributes) {
        record(attributes);
    }

    @Override
    public void onExecutionFailure(Context.FailedExecution context, ExecutionAttributes attributes) {
        record(attributes);
    }

    private static void record(ExecutionAttributes attributes) {
        Long started = attributes.getAttribute(STARTED);
        if (started != null) {
            Metrics.milliseconds(Metrics.STORAGE_LATENCY, (System.nanoTime() - started) / 1e6,
                    "Operation", attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME));
        }
    }
}
