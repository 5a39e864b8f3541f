package io.callhook.http;

import io.callhook.log.Log;
import io.callhook.config.RetentionPolicy;
import io.callhook.store.DynamoAuditTrail;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Records the state-changing actions of agents and admins in the audit trail: who ({@code actor}), what
 * ({@code action}, {@code target}), when (API Gateway's receipt of the request) and from where (the request
 * context's source IP and user agent), kept its organization's audit days.
 *
 * <p>Guarantees: an entry is written after its action succeeded, keyed by the request, so a retried request writes
 * the same entry again. A failed write propagates: the action is then answered 503 although it took effect, and its
 * client's retry (every action is idempotent) records it. No action is acknowledged without its entry.
 */
public final class Audit {

    private static final Audit NONE = new Audit(null, () -> RetentionPolicy.uniform(365));

    private final DynamoAuditTrail trail;
    private final Supplier<RetentionPolicy> retention;

    public Audit(DynamoAuditTrail trail, Supplier<RetentionPolicy> retention) {
        this.trail = trail;
        this.retention = retention;
    }

    /** Records nothing (handlers built without an audit table, in tests). */
    public static Audit none() {
        return NONE;
    }

    /** Records that {@code actor} did {@code action} on {@code target} in {@code organization}. */
    public void record(ApiRequest request, String organization, String actor, String action,
                       Map<String, String> target) {
        if (trail == null) {
            return;
        }
        String requestId = request.requestId() == null ? java.util.UUID.randomUUID().toString() : request.requestId();
        trail.record(new DynamoAuditTrail.Entry(organization, request.receivedAt(), requestId, actor, action, target,
                request.sourceIp(), request.userAgent(),
                request.receivedAt().plus(retention.get().of(organization, null).auditTtl())));
        Log.info("audited", "action", action, "actor", actor);
    }
}
