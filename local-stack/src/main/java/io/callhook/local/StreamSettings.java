package io.callhook.local;

import io.callhook.template.SamTemplate;
import java.time.Duration;
import java.util.Map;

/**
 * A {@code Type: DynamoDB} event of the template: the table whose stream it reads and the event source mapping's
 * settings, with Lambda's defaults ({@code BatchSize} 100, unlimited retries and record age, no bisection, no
 * partial batch responses).
 */
record StreamSettings(String eventId, String table, boolean enabled, StreamBatches.Policy policy,
                      FilterCriteria filter, String onFailureDestination) {

    static StreamSettings of(SamTemplate template, SamTemplate.StreamTrigger trigger) {
        Map<String, Object> properties = trigger.properties();
        String where = "event " + trigger.eventId();
        int batchSize = integer(template, properties.get("BatchSize"), 100, where + " BatchSize");
        if (batchSize < 1 || batchSize > 10_000) {
            throw new IllegalArgumentException(where + ": BatchSize must be 1 to 10000");
        }
        boolean report = LocalJson.list(properties.get("FunctionResponseTypes")).stream()
                .anyMatch(type -> "ReportBatchItemFailures".equals(template.resolve(type)));
        boolean bisect = bool(template, properties.get("BisectBatchOnFunctionError"), false);
        int retries = integer(template, properties.get("MaximumRetryAttempts"), -1, where + " MaximumRetryAttempts");
        int age = integer(template, properties.get("MaximumRecordAgeInSeconds"), -1,
                where + " MaximumRecordAgeInSeconds");
        FilterCriteria filter;
        try {
            filter = properties.get("FilterCriteria") == null ? FilterCriteria.none()
                    : FilterCriteria.fromTemplate(properties.get("FilterCriteria"));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(where + " FilterCriteria: " + e.getMessage(), e);
        }
        Object destination = LocalJson.object(LocalJson.object(properties.get("DestinationConfig")).get("OnFailure"))
                .get("Destination");
        return new StreamSettings(trigger.eventId(), trigger.table(),
                bool(template, properties.get("Enabled"), true),
                new StreamBatches.Policy(batchSize, report, bisect, retries,
                        age < 0 ? null : Duration.ofSeconds(age)),
                filter, destination == null ? null : template.resolve(destination));
    }

    private static int integer(SamTemplate template, Object value, int fallback, String what) {
        if (value == null) {
            return fallback;
        }
        try {
            return Integer.parseInt(template.resolve(value).trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(what + " must be a whole number", e);
        }
    }

    private static boolean bool(SamTemplate template, Object value, boolean fallback) {
        return value == null ? fallback : Boolean.parseBoolean(template.resolve(value).trim());
    }
}
