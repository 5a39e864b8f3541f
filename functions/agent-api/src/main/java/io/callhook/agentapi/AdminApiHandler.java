package io.callhook.agentapi;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import io.callhook.agent.Agent;
import io.callhook.agent.Role;
import io.callhook.auth.TokenHashes;
import io.callhook.config.AwsClients;
import io.callhook.config.Environment;
import io.callhook.config.LiveConfig;
import io.callhook.config.OrganizationSettings;
import io.callhook.config.Organizations;
import io.callhook.config.Setting;
import io.callhook.config.SnapStartPriming;
import io.callhook.contact.NumberKeys;
import io.callhook.dynamodb.DynamoDbJsonClient;
import io.callhook.http.AgentAuthentication;
import io.callhook.http.ApiHandler;
import io.callhook.http.ApiRequest;
import io.callhook.http.Audit;
import io.callhook.http.FieldLimits;
import io.callhook.http.HttpError;
import io.callhook.http.JsonBody;
import io.callhook.http.Responses;
import io.callhook.http.SignInClaims;
import io.callhook.log.Invocation;
import io.callhook.log.Log;
import io.callhook.routing.PhoneNumbers;
import io.callhook.routing.RoutingRules;
import io.callhook.store.DynamoAgentDirectory;
import io.callhook.store.DynamoAuditTrail;
import io.callhook.store.DynamoCallStore;
import io.callhook.store.DynamoConfigStore;
import io.callhook.store.DynamoContactStore;
import io.callhook.store.DynamoRoutingStore;
import io.callhook.store.PersonalDataSources;
import io.callhook.store.RoutingStore;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Supplier;

/**
 * The admin API: each integration's call routing (Zammad's block list and outbound caller ids) under
 * {@code /api/v1/admin/integrations/{integration}/...}. Every request carries an admin token
 * ({@code Authorization: Bearer <token>}), checked in constant time against SHA-256 hashes: the deployment-wide
 * operator's ({@value #ADMIN_TOKEN_HASH_VARIABLE}), which may act on every integration, or an organization admin's
 * ({@value #ORGANIZATION_TOKEN_HASHES_VARIABLE}, {@code organization:sha256-hex} entries), which may read and change
 * only the integrations {@link Organizations} gives its organization: any other integration answers 404, exactly as
 * one that does not exist. No token is 401, an unknown token 403 (every request is 403 while no hash is configured).
 * On the signed-in twins ({@code /oidc/...}) the person the sign-in provider's verified claims name must be an
 * agent with the {@link Role#ADMIN} role (claim or agents table) and acts as its organization's admin; so does an
 * admin agent's own token (for tools) on the routes without the prefix, looked up uncached at every request. The
 * organization's agents are managed under {@code /api/v1/admin/organizations/{organization}/agents}
 * ({@link AgentAdmin}).
 * Numbers are stored in {@link PhoneNumbers}' normal form, each entry in every form that normal form gives for it in
 * the organization's default region ({@link NumberKeys}: {@code 030 111} in {@code DE} as {@code 030111} and
 * {@code 4930111}), so the webhook's cheap comparison matches any spelling; a refused request writes nothing.
 */
public final class AdminApiHandler extends ApiHandler {

    public static final String ADMIN_TOKEN_HASH_VARIABLE = "ADMIN_TOKEN_HASH";
    /** Comma-separated {@code organization:sha256-hex} entries, one per organization admin token. */
    public static final String ORGANIZATION_TOKEN_HASHES_VARIABLE = "ORGANIZATION_ADMIN_TOKEN_HASHES";
    /** The name the operator's token is kept under; organization names never take it, their tokens are apart. */
    private static final String OPERATOR = "admin";
    static final String PREFIX = "/api/v1/admin/integrations/{integration}";
    /** The longest note of a block-list entry, in bytes. */
    static final int MAX_NOTE_BYTES = 200;

    private final TokenHashes adminToken;
    private final Supplier<TokenHashes> organizationTokens;
    private final Supplier<Organizations> organizations;
    private final RoutingStore routing;
    private final AgentAuthentication signedIn;
    private final OrganizationAdmin organizationRoutes;
    private final Privacy privacy;
    /** Where routing, retention, erasure and export requests are recorded. */
    private Audit audit = Audit.none();
    /** The organization routes' mapping and shard counts ({@code null}: those routes answer 404). */
    private OrganizationChanges organizationChanges;
    /** The organization's agents and their tokens ({@link AgentAdmin}); none unless built from the environment. */
    private AgentAdmin agentRoutes = new AgentAdmin(null, SignInClaims.defaults());

    /** Lambda's constructor: configuration from the environment, clients built once per container. */
    public AdminApiHandler() {
        this(Environment.system());
    }

    public AdminApiHandler(Environment env) {
        this(env, AwsClients.dynamoDb(env));
        SnapStartPriming.register(() -> AgentApiPriming.primeAdminRequestPath(env));
    }

    private AdminApiHandler(Environment env, DynamoDbJsonClient dynamo) {
        this(env, dynamo, DynamoConfigStore.liveConfig(dynamo, env));
    }

    private AdminApiHandler(Environment env, DynamoDbJsonClient dynamo, LiveConfig config) {
        this(adminToken(env.optional(ADMIN_TOKEN_HASH_VARIABLE, "")),
                config.parsed(Setting.ORGANIZATION_ADMIN_TOKEN_HASHES,
                        value -> TokenHashes.parse(ORGANIZATION_TOKEN_HASHES_VARIABLE, value)),
                Organizations.live(config, env), DynamoRoutingStore.fromEnvironment(dynamo, env),
                AgentAuthentication.fromEnvironment(DynamoAgentDirectory.fromEnvironment(dynamo, env), env),
                new OrganizationAdmin(DynamoContactStore.fromEnvironment(dynamo, env),
                        env.optional(LiveConfig.TABLE_VARIABLE).map(table -> new DynamoConfigStore(dynamo, table))
                                .orElse(null),
                        OrganizationSettings.live(config, env)),
                new Privacy(Erasures.fromEnvironment(dynamo, env), PersonalDataSources.fromEnvironment(dynamo, env)
                        .all(), Clock.systemUTC(), new Retentions(config, new DynamoConfigStore(dynamo,
                        env.require(LiveConfig.TABLE_VARIABLE)), DynamoCallStore.retentionDays(env),
                        Organizations.live(config, env)), DynamoAuditTrail.fromEnvironment(dynamo, env)));
        this.audit = new Audit(DynamoAuditTrail.fromEnvironment(dynamo, env), DynamoCallStore.retention(config, env));
        this.organizationChanges = env.optional(LiveConfig.TABLE_VARIABLE).map(table -> OrganizationChanges.of(
                dynamo, new DynamoConfigStore(dynamo, table), env, env.optional(DynamoCallStore.TABLE_VARIABLE)
                        .orElse(null))).orElse(null);
        this.agentRoutes = new AgentAdmin(DynamoAgentDirectory.fromEnvironment(dynamo, env),
                SignInClaims.fromEnvironment(env));
    }

    /** @param adminToken the admin token's hash ({@link #adminToken}); with none, every request is refused */
    AdminApiHandler(TokenHashes adminToken, RoutingStore routing) {
        this(adminToken, () -> TokenHashes.parse(""), Organizations::single, routing);
    }

    /**
     * @param adminToken         the operator's token hash ({@link #adminToken})
     * @param organizationTokens organization admins' token hashes, each under its organization's name, as they
     *                           are now (asked at each request)
     * @param organizations      which organization each integration belongs to, as it is now
     */
    AdminApiHandler(TokenHashes adminToken, Supplier<TokenHashes> organizationTokens,
                    Supplier<Organizations> organizations, RoutingStore routing) {
        this(adminToken, organizationTokens, organizations, routing, null, noOrganizationRoutes(), null);
    }

    /** @param signedIn as below; no organization routes, no privacy routes */
    AdminApiHandler(TokenHashes adminToken, Supplier<TokenHashes> organizationTokens,
                    Supplier<Organizations> organizations, RoutingStore routing, AgentAuthentication signedIn) {
        this(adminToken, organizationTokens, organizations, routing, signedIn, noOrganizationRoutes(), null);
    }

    /** @param organizationRoutes as below; nobody signed in, no privacy routes */
    AdminApiHandler(TokenHashes adminToken, Supplier<TokenHashes> organizationTokens,
                    Supplier<Organizations> organizations, RoutingStore routing,
                    OrganizationAdmin organizationRoutes) {
        this(adminToken, organizationTokens, organizations, routing, null, organizationRoutes, null);
    }

    /** @param privacy as below; no organization routes */
    AdminApiHandler(TokenHashes adminToken, Supplier<TokenHashes> organizationTokens,
                    Supplier<Organizations> organizations, RoutingStore routing, AgentAuthentication signedIn,
                    Privacy privacy) {
        this(adminToken, organizationTokens, organizations, routing, signedIn, noOrganizationRoutes(), privacy);
    }

    /**
     * @param signedIn who a signed-in ({@code /oidc/}) request's verified claims name; {@code null}: every signed-in
     *                 request is refused
     * @param organizationRoutes the organization routes (contacts, settings)
     * @param privacy  the erasure, export, retention and audit routes ({@code null}: they answer 404)
     */
    AdminApiHandler(TokenHashes adminToken, Supplier<TokenHashes> organizationTokens,
                    Supplier<Organizations> organizations, RoutingStore routing, AgentAuthentication signedIn,
                    OrganizationAdmin organizationRoutes, Privacy privacy) {
        this.signedIn = signedIn;
        this.adminToken = adminToken;
        this.organizationTokens = organizationTokens;
        this.organizations = organizations;
        this.routing = routing;
        this.organizationRoutes = organizationRoutes;
        this.privacy = privacy;
    }

    private static OrganizationAdmin noOrganizationRoutes() {
        return new OrganizationAdmin(null, null, () -> OrganizationSettings.defaults(Environment.of(Map.of())));
    }

    /** The admin API writes each integration's routing item: a full one takes no more entries. */
    @Override
    protected String recordTooLarge() {
        return "the integration's routing rules are full (DynamoDB's 400 KB item); remove entries first";
    }

    static TokenHashes adminToken(String hash) {
        try {
            return TokenHashes.parse(hash.isBlank() ? "" : OPERATOR + ":" + hash);
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException(ADMIN_TOKEN_HASH_VARIABLE + " must be a SHA-256 in hex (64 digits)");
        }
    }

    @Override
    protected APIGatewayV2HTTPResponse handle(ApiRequest request) {
        Caller caller = authenticate(request);
        Optional<String> organization = caller.organization();
        String route = request.routeKey() == null ? "" : request.routeKey();
        if (ORGANIZATIONS_ROUTES.contains(route)) {
            return organizations(route, request, caller);
        }
        if (AgentAdmin.ROUTES.contains(route)) {
            String named = namedOrganization(request, organization);
            APIGatewayV2HTTPResponse response = agentRoutes.handle(route, request, named);
            if (!route.startsWith("GET ") && response.getStatusCode() < 300) {
                audit.record(request, named, caller.actor(), route, Map.of("agentId",
                        request.pathParameter("agentId")));
            }
            return response;
        }
        if (OrganizationAdmin.ROUTES.contains(route)) {
            String named = namedOrganization(request, organization);
            APIGatewayV2HTTPResponse response = organizationRoutes.handle(route, request, named);
            if (!route.startsWith("GET ") && response.getStatusCode() < 300) {
                Map<String, String> target = new LinkedHashMap<>();
                if (request.pathParameter("number") != null) {
                    target.put("number", request.pathParameter("number"));
                }
                audit.record(request, named, caller.actor(), route, target);
            }
            return response;
        }
        if (route.contains(Privacy.PREFIX)) {
            String named = request.pathParameter("organization");
            if (named == null || !Organizations.isName(named)) {
                throw HttpError.badRequest("organization must be 1 to 64 letters, digits, . _ -");
            }
            if (privacy == null || organization.map(own -> !own.equals(named)).orElse(false)
                    || !organizations.get().all().contains(named)) {
                throw HttpError.notFound("no organization " + named + " in your scope");
            }
            Invocation.put("adminScope", organization.orElse("deployment"));
            String actor = caller.actor();
            APIGatewayV2HTTPResponse response;
            try {
                response = privacy.route(route, request, named, actor);
            } catch (IllegalArgumentException e) {
                throw HttpError.unprocessable(e.getMessage());
            }
            if (!route.startsWith("GET ") && response.getStatusCode() < 300) {
                audit.record(request, named, actor, route, privacy.target(route, request, named, response));
            }
            return response;
        }
        String integration = request.pathParameter("integration");
        if (integration == null || !Organizations.isName(integration)) {
            throw HttpError.badRequest("integration must be 1 to 64 letters, digits, . _ -");
        }
        if (organization.isPresent()) {
            Organizations now = organizations.get();
            if (!(now.maps(integration) && now.of(integration).equals(organization.get()))) {
                throw HttpError.notFound("no integration " + integration + " in your organization");
            }
        }
        Invocation.put("adminScope", organization.orElse("deployment"));
        try {
            APIGatewayV2HTTPResponse response = route(route, request, integration);
            if (!route.startsWith("GET ") && response.getStatusCode() < 300) {
                Map<String, String> target = new LinkedHashMap<>();
                target.put("integration", integration);
                for (String name : List.of("number", "prefix")) {
                    if (request.pathParameter(name) != null) {
                        target.put(name, request.pathParameter(name));
                    }
                }
                audit.record(request, organizations.get().of(integration), caller.actor(), route, target);
            }
            return response;
        } catch (IllegalArgumentException e) {
            throw HttpError.unprocessable(e.getMessage());
        }
    }

    static final String ORGANIZATIONS = "/api/v1/admin/organizations";
    static final String MAP_INTEGRATION = "PUT " + PREFIX + "/organization";
    static final String RAISE_SHARDS = "PUT " + ORGANIZATIONS + "/{organization}/shards";
    /** The deployment-wide routes: the organizations, the integrations' mapping, the shard counts. */
    static final java.util.Set<String> ORGANIZATIONS_ROUTES = java.util.Set.of("GET " + ORGANIZATIONS,
            MAP_INTEGRATION, RAISE_SHARDS);

    /**
     * The organizations as data ({@link OrganizationChanges}): the operator lists every organization and changes
     * the mapping and shard counts; an organization admin (token or sign-in) lists its own organization only and
     * changes nothing (403, nothing written). Every change is audited in the organization it concerns (a move in
     * both).
     */
    private APIGatewayV2HTTPResponse organizations(String route, ApiRequest request, Caller caller) {
        if (organizationChanges == null) {
            throw HttpError.notFound("no route " + route + " in this deployment");
        }
        Invocation.put("adminScope", caller.organization().orElse("deployment"));
        if (route.startsWith("GET ")) {
            return Responses.json(200, organizationChanges.view(caller.organization()));
        }
        if (caller.organization().isPresent()) {
            throw HttpError.forbidden("only the deployment's admin token changes organizations; an organization's"
                    + " admin may not");
        }
        String path = route.equals(MAP_INTEGRATION) ? "integration" : "organization";
        String named = request.pathParameter(path);
        if (!Organizations.isName(named)) {
            throw HttpError.badRequest(path + " must be 1 to 64 letters, digits, . _ -");
        }
        Map<String, Object> body = JsonBody.object(request);
        try {
            if (route.equals(MAP_INTEGRATION)) {
                Object force = body.getOrDefault("force", Boolean.FALSE);
                if (!(force instanceof Boolean)) {
                    throw HttpError.unprocessable("field force must be true or false");
                }
                String target = text(body, "organization", true);
                OrganizationChanges.Move move = organizationChanges.move(named, target, (Boolean) force);
                Log.info("integration mapped", "integration", named, "organization", move.organization(),
                        "previousOrganization", move.previous(), "forced", force);
                Map<String, String> audited = new LinkedHashMap<>();
                audited.put("integration", named);
                audited.put("organization", move.organization());
                if (move.previous() != null) {
                    audited.put("previousOrganization", move.previous());
                }
                audited.put("force", force.toString());
                audit.record(request, move.organization(), caller.actor(), route, audited);
                if (move.moved()) {
                    audit.record(request, move.previous(), caller.actor(), route, audited);
                }
                return Responses.json(200, move.view());
            }
            if (!(body.get("shards") instanceof Number shards) || shards.doubleValue() != shards.intValue()) {
                throw HttpError.unprocessable("field shards is required: a whole number from 1 to "
                        + io.callhook.config.ShardCounts.MAX);
            }
            OrganizationChanges.Raise raise = organizationChanges.raise(named, shards.intValue());
            Log.info("organization shards raised", "organization", named, "shards", raise.shards(),
                    "previousShards", raise.previous());
            audit.record(request, named, caller.actor(), route, Map.of("shards", Integer.toString(raise.shards()),
                    "previousShards", Integer.toString(raise.previous())));
            return Responses.json(200, raise.view());
        } catch (OrganizationChanges.Conflict e) {
            throw HttpError.conflict(e.getMessage());
        } catch (OrganizationChanges.BadName e) {
            throw HttpError.badRequest(e.getMessage());
        } catch (IllegalArgumentException e) {
            throw HttpError.unprocessable(e.getMessage());
        }
    }

    private APIGatewayV2HTTPResponse route(String route, ApiRequest request, String integration) {
        switch (route) {
            case "GET " + PREFIX + "/routing" -> {
                return Responses.json(200, view(routing.rules(integration, true)));
            }
            case "GET " + PREFIX + "/blocked-numbers" -> {
                return Responses.json(200, Map.of("blockedNumbers", blocked(routing.rules(integration, true))));
            }
            case "PUT " + PREFIX + "/blocked-numbers/{number}" -> {
                List<String> forms = List.copyOf(NumberKeys.blockForms(request.pathParameter("number"),
                        regionOf(integration)));
                String note = text(request.body().length == 0 ? Map.of() : JsonBody.object(request), "note", false);
                String kept = note == null ? "" : FieldLimits.limited("note", note, MAX_NOTE_BYTES);
                forms.forEach(form -> routing.block(integration, form, kept));
                Log.info("number blocked", "integration", integration, "entry", forms.get(0), "forms", forms.size());
                return Responses.json(200, Map.of("number", forms.get(0), "note", note == null ? "" : note,
                        "forms", forms));
            }
            case "DELETE " + PREFIX + "/blocked-numbers/{number}" -> {
                List<String> forms = List.copyOf(NumberKeys.blockForms(request.pathParameter("number"),
                        regionOf(integration)));
                boolean removed = false;
                for (String form : forms) {
                    removed |= routing.unblock(integration, form);
                }
                Log.info("number unblocked", "integration", integration, "entry", forms.get(0), "removed", removed);
                return Responses.json(200, Map.of("number", forms.get(0), "removed", removed, "forms", forms));
            }
            case "GET " + PREFIX + "/caller-id-rules" -> {
                RoutingRules rules = routing.rules(integration, true);
                Map<String, Object> body = new LinkedHashMap<>();
                body.put("callerIdRules", callerIdRules(rules));
                body.put("defaultCallerId", rules.defaultCallerId());
                return Responses.json(200, body);
            }
            case "PUT " + PREFIX + "/caller-id-rules/{prefix}" -> {
                List<String> forms = List.copyOf(NumberKeys.destinationForms(request.pathParameter("prefix"),
                        regionOf(integration)));
                String callerId = PhoneNumbers.callerId(text(JsonBody.object(request), "callerId", true));
                forms.forEach(form -> routing.setCallerId(integration, form, callerId));
                Log.info("caller-id rule set", "integration", integration, "prefix", forms.get(0));
                return Responses.json(200, Map.of("prefix", forms.get(0), "callerId", callerId, "forms", forms));
            }
            case "DELETE " + PREFIX + "/caller-id-rules/{prefix}" -> {
                List<String> forms = List.copyOf(NumberKeys.destinationForms(request.pathParameter("prefix"),
                        regionOf(integration)));
                boolean removed = false;
                for (String form : forms) {
                    removed |= routing.removeCallerId(integration, form);
                }
                Log.info("caller-id rule removed", "integration", integration, "prefix", forms.get(0), "removed",
                        removed);
                return Responses.json(200, Map.of("prefix", forms.get(0), "removed", removed, "forms", forms));
            }
            case "PUT " + PREFIX + "/default-caller-id" -> {
                String callerId = PhoneNumbers.callerId(text(JsonBody.object(request), "callerId", true));
                routing.setDefaultCallerId(integration, callerId);
                Log.info("default caller id set", "integration", integration);
                return Responses.json(200, Map.of("defaultCallerId", callerId));
            }
            case "DELETE " + PREFIX + "/default-caller-id" -> {
                routing.setDefaultCallerId(integration, null);
                Log.info("default caller id removed", "integration", integration);
                Map<String, Object> body = new LinkedHashMap<>();
                body.put("defaultCallerId", null);
                return Responses.json(200, body);
            }
            default -> throw HttpError.notFound("no route " + route);
        }
    }

    /** The default phone region of the organization {@code integration} belongs to (entries are expanded in it). */
    private String regionOf(String integration) {
        Organizations now = organizations.get();
        OrganizationSettings settings = organizationRoutes.settings().get();
        return (now.maps(integration) ? settings.of(now.of(integration)) : settings.defaults()).defaultRegion();
    }

    /**
     * Who asks: the organization an organization admin (token or sign-in) is limited to, empty for the operator's
     * token, and the actor the audit trail names ({@code admin}, {@code admin:<organization>}, or the signed-in
     * admin's agent id).
     */
    private record Caller(Optional<String> organization, String actor) {
    }

    /** Checks the admin token, or on the signed-in twins the verified claims' person and role. */
    private Caller authenticate(ApiRequest request) {
        if (request.signedIn()) {
            if (signedIn == null) {
                throw HttpError.unauthorized("this route takes a token of the sign-in provider, verified by API "
                        + "Gateway");
            }
            Agent person = signedIn.signedIn(request);
            if (!person.role().includes(Role.ADMIN)) {
                throw HttpError.forbidden("only an admin may use the admin API; you are signed in as "
                        + person.role().wire());
            }
            Invocation.put("admin", person.id());
            return new Caller(Optional.of(person.organizationId()), person.id());
        }
        String header = request.header("authorization");
        String trimmed = header == null ? "" : header.trim();
        if (!trimmed.regionMatches(true, 0, "Bearer ", 0, 7) || trimmed.substring(7).isBlank()) {
            throw HttpError.unauthorized("the admin token is required: Authorization: Bearer <token>");
        }
        String token = trimmed.substring(7).trim();
        boolean operator = adminToken.nameOf(token).isPresent();
        Optional<String> organization = operator ? Optional.empty() : organizationTokens.get().nameOf(token);
        if (operator) {
            return new Caller(Optional.empty(), OPERATOR);
        }
        if (organization.isPresent()) {
            return new Caller(organization, OPERATOR + ":" + organization.get());
        }
        Agent agent = agentOfToken(request);
        if (agent == null) {
            throw HttpError.forbidden("not the admin token");
        }
        if (!agent.role().includes(Role.ADMIN)) {
            throw HttpError.forbidden("only an admin may use the admin API; this agent token is a "
                    + agent.role().wire() + "'s");
        }
        Invocation.put("admin", agent.id());
        return new Caller(Optional.of(agent.organizationId()), agent.id());
    }

    /**
     * The agent whose own token (for tools) the request carries, looked up as the agent API does (never cached:
     * a revoked token is refused at the next request); {@code null} when it is no agent's.
     */
    private Agent agentOfToken(ApiRequest request) {
        if (signedIn == null) {
            return null;
        }
        try {
            return signedIn.authenticate(request);
        } catch (HttpError e) {
            if (e.status() == 401) {
                return null;
            }
            throw e;
        }
    }

    /** A string field of the body; {@code required} ones must be there. */
    private static String text(Map<String, Object> body, String name, boolean required) {
        Object value = body.get(name);
        if (value == null && !required) {
            return null;
        }
        if (!(value instanceof String text) || required && text.isBlank()) {
            throw HttpError.unprocessable("field " + name + (required ? " is required: " : " must be ") + "a string");
        }
        return text;
    }

    /** The whole routing document as {@code GET .../routing} shows it; entries sorted. */
    static Map<String, Object> view(RoutingRules rules) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("integration", rules.integration());
        view.put("blockedNumbers", blocked(rules));
        view.put("callerIdRules", callerIdRules(rules));
        view.put("defaultCallerId", rules.defaultCallerId());
        return view;
    }

    private static List<Map<String, String>> blocked(RoutingRules rules) {
        return new TreeMap<>(rules.blocked()).entrySet().stream()
                .map(e -> Map.of("number", e.getKey(), "note", e.getValue())).toList();
    }

    private static List<Map<String, String>> callerIdRules(RoutingRules rules) {
        return new TreeMap<>(rules.callerIds()).entrySet().stream()
                .map(e -> Map.of("prefix", e.getKey(), "callerId", e.getValue())).toList();
    }

    /**
     * The organization an organization-scoped route names, checked: a malformed name is 400, an organization outside
     * the caller's scope 404 (as one that does not exist). Records the caller's scope for the request's log line.
     */
    private static String namedOrganization(ApiRequest request, Optional<String> callerOrganization) {
        String named = request.pathParameter("organization");
        if (named == null || !Organizations.isName(named)) {
            throw HttpError.badRequest("organization must be 1 to 64 letters, digits, . _ -");
        }
        if (callerOrganization.isPresent() && !callerOrganization.get().equals(named)) {
            throw HttpError.notFound("no organization " + named + " here");
        }
        Invocation.put("adminScope", callerOrganization.orElse("deployment"));
        return named;
    }
}
