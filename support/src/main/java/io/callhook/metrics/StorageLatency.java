package io.callhook.metrics;

import io.callhook.aws.AwsJsonClient;

/**
 * Records {@link Metrics#STORAGE_LATENCY} for every DynamoDB call, from before the first attempt to the answer
 * (retries included, so a throttled call shows its real cost), by {@code Operation}. Failed calls are recorded too.
 */
public final class StorageLatency implements AwsJsonClient.Listener {

    @Override
    public void completed(String operation, long nanos, boolean failed) {
        Metrics.milliseconds(Metrics.STORAGE_LATENCY, nanos / 1e6, "Operation", operation);
    }
}
