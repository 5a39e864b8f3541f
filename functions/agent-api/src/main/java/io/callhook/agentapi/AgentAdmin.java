package io.callhook.agentapi;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import io.callhook.agent.Agent;
import io.callhook.agent.Role;
import io.callhook.http.ApiRequest;
import io.callhook.http.HttpError;
import io.callhook.http.JsonBody;
import io.callhook.http.Responses;
import io.callhook.http.SignInClaims;
import io.callhook.log.Log;
import io.callhook.store.DynamoAgentDirectory;
import io.callhook.store.DynamoAgentDirectory.Stored;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The admin API's agent routes, under {@value OrganizationAdmin#PREFIX}{@code /agents}: an organization's agents
 * (list, show, add or change, remove) and their tokens for tools (issue, revoke). The caller
 * ({@link AdminApiHandler}) has checked the admin and that an organization's admin names its own organization.
 *
 * <p>Guarantees: an agent of another organization answers exactly as one that does not exist (404) and nothing is
 * written; an answer never holds a token's hash, and a token only once, in the answer that issued it; every write
 * goes through {@link AgentManagement}, as the command line's, and keeps the organization an admin agent (409
 * otherwise). Every change is idempotent, except that issuing a token again replaces the one issued before.
 */
final class AgentAdmin {

    static final String AGENTS = OrganizationAdmin.PREFIX + "/agents";
    static final String AGENT = AGENTS + "/{agentId}";
    static final Set<String> ROUTES = Set.of("GET " + AGENTS, "GET " + AGENT, "PUT " + AGENT, "DELETE " + AGENT,
            "POST " + AGENT + "/token", "DELETE " + AGENT + "/token");
    private static final Set<String> FIELDS = Set.of("login", "email", "phones", "name", "role");

    private final AgentManagement agents;
    private final SignInClaims signIn;

    /** @param signIn which claim of a sign-in names an agent (shown with each agent) */
    AgentAdmin(DynamoAgentDirectory directory, SignInClaims signIn) {
        this.agents = directory == null ? null : new AgentManagement(directory);
        this.signIn = signIn;
    }

    APIGatewayV2HTTPResponse handle(String route, ApiRequest request, String organization) {
        if (agents == null) {
            throw HttpError.notFound("no route " + route + " in this deployment");
        }
        if (route.equals("GET " + AGENTS)) {
            Map<String, Object> answer = new LinkedHashMap<>();
            answer.put("organization", organization);
            answer.put("agents", agents.directory().list(organization).stream().map(this::view).toList());
            return Responses.json(200, answer);
        }
        String id = request.pathParameter("agentId");
        if (id == null || id.isBlank() || id.length() > DynamoAgentDirectory.MAX_LENGTH || id.contains("#")) {
            throw HttpError.badRequest("agentId must be 1 to " + DynamoAgentDirectory.MAX_LENGTH
                    + " characters without '#'");
        }
        try {
            return switch (route.substring(0, route.indexOf(' ')) + (route.endsWith("/token") ? " token" : "")) {
                case "GET" -> Responses.json(200, view(own(id, organization)
                        .orElseThrow(() -> missing(id, organization))));
                case "PUT" -> save(request, id, organization);
                case "DELETE" -> {
                    if (!agents.remove(id, organization)) {
                        throw missing(id, organization);
                    }
                    Log.info("agent removed", "organization", organization, "agent", id);
                    yield Responses.json(200, Map.of("agentId", id, "removed", true));
                }
                case "POST token" -> {
                    String token = agents.issueToken(id, organization, null, "token")
                            .orElseThrow(() -> missing(id, organization));
                    Log.info("agent token issued", "organization", organization, "agent", id);
                    Map<String, Object> answer = new LinkedHashMap<>();
                    answer.put("agentId", id);
                    answer.put("token", token);
                    yield Responses.withHeaders(Responses.json(200, answer), Map.of("Cache-Control", "no-store"));
                }
                default -> {
                    if (!agents.revokeToken(id, organization)) {
                        throw missing(id, organization);
                    }
                    Log.info("agent token revoked", "organization", organization, "agent", id);
                    yield Responses.json(200, Map.of("agentId", id, "hasToken", false));
                }
            };
        } catch (DynamoAgentDirectory.AgentConflictException e) {
            throw HttpError.conflict(e.withoutHolder());
        } catch (DynamoAgentDirectory.LastAdminException e) {
            throw HttpError.conflict(e.getMessage());
        }
    }

    /**
     * Adds the agent or changes it: a field the body leaves out keeps its stored value (a new agent: no e-mail,
     * phones or name, the role agent; its login is required); {@code null} clears e-mail, phones and name.
     */
    private APIGatewayV2HTTPResponse save(ApiRequest request, String id, String organization) {
        Map<String, Object> body = JsonBody.object(request);
        for (String field : body.keySet()) {
            if (!FIELDS.contains(field)) {
                throw HttpError.unprocessable("unknown field " + field + "; an agent has " + String.join(", ",
                        List.of("login", "email", "phones", "name", "role")));
            }
        }
        Optional<Agent> stored = own(id, organization).map(Stored::agent);
        Agent agent;
        try {
            String login = body.containsKey("login") ? text(body, "login")
                    : stored.map(Agent::login).orElseThrow(() -> new IllegalArgumentException("login is required"));
            String email = body.containsKey("email") ? text(body, "email") : stored.map(Agent::email).orElse(null);
            List<String> phones = body.containsKey("phones") ? phones(body.get("phones"))
                    : stored.map(a -> List.copyOf(a.phones())).orElse(List.of());
            String name = body.containsKey("name") ? text(body, "name") : stored.map(Agent::displayName).orElse(null);
            Role role = body.containsKey("role") ? AgentManagement.role(text(body, "role"), "role")
                    : stored.map(Agent::role).orElse(Role.AGENT);
            agent = AgentManagement.agent(id, login, email, phones, organization, role, name);
        } catch (IllegalArgumentException e) {
            throw HttpError.unprocessable(e.getMessage());
        }
        boolean changed = agents.save(agent);
        Log.info("agent saved", "organization", organization, "agent", id, "role", agent.role().wire(),
                "changed", changed);
        return Responses.json(200, view(own(id, organization).orElseThrow(() -> missing(id, organization))));
    }

    /** The agent of {@code organization} with this id; one of another organization is none. */
    private Optional<Stored> own(String id, String organization) {
        return agents.directory().stored(id).filter(s -> organization.equals(s.agent().organizationId()));
    }

    private static HttpError missing(String id, String organization) {
        return HttpError.notFound("no agent " + id + " in organization " + organization);
    }

    private static String text(Map<String, Object> body, String field) {
        Object value = body.get(field);
        if (value != null && !(value instanceof String)) {
            throw new IllegalArgumentException(field + " must be a string or null");
        }
        return (String) value;
    }

    private static List<String> phones(Object value) {
        if (value == null) {
            return List.of();
        }
        if (!(value instanceof List<?> list)) {
            throw new IllegalArgumentException("phones must be a list of strings");
        }
        List<String> phones = new ArrayList<>();
        for (Object phone : list) {
            if (!(phone instanceof String text)) {
                throw new IllegalArgumentException("phones must be a list of strings");
            }
            phones.add(text);
        }
        return phones;
    }

    /** An agent as the admin API shows it: never a token or its hash. */
    private Map<String, Object> view(Stored stored) {
        Agent agent = stored.agent();
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("id", agent.id());
        view.put("login", agent.login());
        view.put("email", agent.email());
        view.put("phones", agent.phones().stream().sorted().toList());
        view.put("name", agent.displayName());
        view.put("role", agent.role().wire());
        Map<String, Object> signInView = new LinkedHashMap<>();
        boolean byEmail = signIn.agentClaim().equals(SignInClaims.EMAIL);
        signInView.put("claim", signIn.agentClaim());
        signInView.put("value", byEmail ? agent.email() : agent.id());
        view.put("signIn", signInView);
        view.put("hasToken", stored.hasToken());
        return view;
    }
}
