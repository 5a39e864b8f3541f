package io.callhook.agentapi;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import io.callhook.http.ApiRequest;
import io.callhook.http.HttpError;
import io.callhook.http.JsonBody;
import io.callhook.http.Responses;
import io.callhook.privacy.ErasureJob;
import io.callhook.privacy.NumberMatcher;
import io.callhook.store.DynamoAuditTrail;
import io.callhook.store.PersonalData;
import java.time.Clock;
import java.util.List;
import java.util.Map;

/**
 * The admin API's data-protection routes of one organization, under {@value #PREFIX}: erasing a number (a job,
 * {@link Erasures}) and its progress, exporting what is stored about a number ({@link Exports}). The caller is
 * already authenticated and allowed the organization.
 */
final class Privacy {

    static final String PREFIX = "/api/v1/admin/organizations/{organization}";

    private final Erasures erasures;
    private final Exports exports;
    private final Clock clock;

    private final Retentions retentions;
    private final DynamoAuditTrail audit;

    /** @param audit the audit trail the audit route reads ({@code null}: none, the route answers an empty list) */
    Privacy(Erasures erasures, List<PersonalData> tables, Clock clock, Retentions retentions,
            DynamoAuditTrail audit) {
        this.erasures = erasures;
        this.exports = new Exports(tables);
        this.clock = clock;
        this.retentions = retentions;
        this.audit = audit;
    }

    /** What an audited request acted on: the job, or an export's table, and the number's hash in the organization. */
    Map<String, String> target(String route, ApiRequest request, String organization,
                               APIGatewayV2HTTPResponse response) {
        Map<String, String> target = new java.util.LinkedHashMap<>();
        try {
            Map<String, Object> body = request.body().length == 0 ? Map.of() : JsonBody.object(request);
            if (body.get("number") instanceof String) {
                target.put("numberHash", number(body).hashIn(organization));
            }
            for (String name : List.of("integration", "table", "format")) {
                if (body.get(name) instanceof String value) {
                    target.put(name, value);
                }
            }
            Object jobId = io.callhook.json.Json.parseObject(response.getBody()).get("jobId");
            if (jobId instanceof String id) {
                target.put("jobId", id);
            }
        } catch (RuntimeException notJson) {
            // a CSV answer: the body's fields say enough
        }
        return target;
    }

    APIGatewayV2HTTPResponse route(String route, ApiRequest request, String organization, String actor) {
        switch (route) {
            case "POST " + PREFIX + "/erasures" -> {
                NumberMatcher number = number(JsonBody.object(request));
                ErasureJob job = erasures.start(organization, number, actor, clock.instant());
                return Responses.json(202, job.view());
            }
            case "GET " + PREFIX + "/erasures/{jobId}" -> {
                String jobId = request.pathParameter("jobId");
                return erasures.jobs().find(organization, jobId == null ? "" : jobId)
                        .map(job -> Responses.json(200, job.view()))
                        .orElseThrow(() -> HttpError.notFound("no erasure " + jobId + " in organization "
                                + organization));
            }
            case "POST " + PREFIX + "/exports" -> {
                Map<String, Object> body = JsonBody.object(request);
                NumberMatcher number = number(body);
                String table = optionalText(body, "table");
                boolean csv = Exports.csv(optionalText(body, "format"), table);
                Exports.Page page = exports.page(organization, number, table, optionalText(body, "nextToken"));
                if (csv) {
                    Map<String, String> headers = new java.util.LinkedHashMap<>();
                    headers.put("x-callhook-next-token", page.nextToken() == null ? "" : page.nextToken());
                    return Responses.withHeaders(Responses.of(200, "text/csv; charset=utf-8",
                            Exports.csv(page.tables().get(table))), headers);
                }
                return Responses.json(200, Exports.document(organization, number, page.tables(),
                        page.nextToken()));
            }
            case "GET " + PREFIX + "/audit" -> {
                return Responses.json(200, audit(audit, organization, request.queryParameter("limit"),
                        request.queryParameter("nextToken")));
            }
            case "GET " + PREFIX + "/retention" -> {
                return Responses.json(200, retentions.view(organization));
            }
            case "PUT " + PREFIX + "/retention" -> {
                Map<String, Object> body = new java.util.LinkedHashMap<>(JsonBody.object(request));
                Object integration = body.remove("integration");
                if (integration != null && !(integration instanceof String)) {
                    throw HttpError.unprocessable("field integration must be a string");
                }
                return Responses.json(200, retentions.set(organization, (String) integration, body));
            }
            default -> throw HttpError.notFound("no route " + route);
        }
    }

    /**
     * One page of the organization's audit entries, newest first, as the audit route and {@code PrivacyCli audit}
     * answer it: {@code {"entries": [...], "nextToken": ...}}; {@code limit} 1 to 300 (absent: 60).
     *
     * @param audit the trail ({@code null}: none, an empty list)
     * @throws IllegalArgumentException for a limit out of range
     * @throws io.callhook.store.InvalidPageTokenException for a token the trail did not give out
     */
    static Map<String, Object> audit(DynamoAuditTrail audit, String organization, String limit, String nextToken) {
        int size = limit(limit);
        io.callhook.store.Page<DynamoAuditTrail.Entry> page = audit == null
                ? new io.callhook.store.Page<>(List.of(), null) : audit.page(organization, size, nextToken);
        Map<String, Object> answer = new java.util.LinkedHashMap<>();
        answer.put("entries", page.items().stream().map(DynamoAuditTrail.Entry::view).toList());
        answer.put("nextToken", page.nextToken());
        return answer;
    }

    private static int limit(String text) {
        if (text == null) {
            return 60;
        }
        try {
            int limit = Integer.parseInt(text);
            if (limit >= 1 && limit <= 300) {
                return limit;
            }
        } catch (NumberFormatException e) {
            // refused below
        }
        throw new IllegalArgumentException("limit must be 1 to 300");
    }

    private static String optionalText(Map<String, Object> body, String name) {
        Object value = body.get(name);
        if (value != null && !(value instanceof String)) {
            throw HttpError.unprocessable("field " + name + " must be a string");
        }
        return (String) value;
    }

    /** The body's number and country code as a matcher; 422 when either is not one. */
    static NumberMatcher number(Map<String, Object> body) {
        Object number = body.get("number");
        Object code = body.get("countryCode");
        if (!(number instanceof String text) || text.isBlank()) {
            throw HttpError.unprocessable("field number is required: a string");
        }
        if (code != null && !(code instanceof String)) {
            throw HttpError.unprocessable("field countryCode must be a string of digits, as 49");
        }
        return NumberMatcher.of(text, (String) code);
    }
}
