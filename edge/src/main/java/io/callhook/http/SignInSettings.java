package io.callhook.http;

import io.callhook.config.Environment;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What the agent page needs to sign in with OpenID Connect, from the function's environment (template.yaml sets it
 * from the stack's parameters or the Cognito pool it created): the issuer, the page's client id, the scopes, and
 * the provider's endpoints where discovery ({@code <issuer>/.well-known/openid-configuration}) does not give them
 * (Cognito's hosted domain). Nothing here is secret: the page is a public client (Authorization Code with PKCE).
 *
 * @param issuer                the provider, as its tokens' {@code iss}; {@code null} when sign-in is not set up
 * @param clientId              the page's client id (the tokens' {@code aud})
 * @param scopes                the scopes the page asks for, space-separated
 * @param authorizationEndpoint {@code null}: from discovery
 * @param tokenEndpoint         {@code null}: from discovery
 * @param endSessionEndpoint    {@code null}: from discovery
 */
public record SignInSettings(String issuer, String clientId, String scopes, String authorizationEndpoint,
                             String tokenEndpoint, String endSessionEndpoint) {

    public static final String ISSUER_VARIABLE = "OIDC_ISSUER";
    public static final String CLIENT_ID_VARIABLE = "OIDC_CLIENT_ID";
    public static final String SCOPES_VARIABLE = "OIDC_SCOPES";
    public static final String AUTHORIZATION_ENDPOINT_VARIABLE = "OIDC_AUTHORIZATION_ENDPOINT";
    public static final String TOKEN_ENDPOINT_VARIABLE = "OIDC_TOKEN_ENDPOINT";
    public static final String END_SESSION_ENDPOINT_VARIABLE = "OIDC_END_SESSION_ENDPOINT";
    static final String DEFAULT_SCOPES = "openid email profile";

    public SignInSettings {
        issuer = blankToNull(issuer);
        clientId = blankToNull(clientId);
        scopes = blankToNull(scopes) == null ? DEFAULT_SCOPES : scopes.strip();
        authorizationEndpoint = blankToNull(authorizationEndpoint);
        tokenEndpoint = blankToNull(tokenEndpoint);
        endSessionEndpoint = blankToNull(endSessionEndpoint);
    }

    /** No sign-in: the page offers the token sign-in only. */
    public static SignInSettings none() {
        return new SignInSettings(null, null, null, null, null, null);
    }

    public static SignInSettings fromEnvironment(Environment env) {
        return new SignInSettings(env.optional(ISSUER_VARIABLE, ""), env.optional(CLIENT_ID_VARIABLE, ""),
                env.optional(SCOPES_VARIABLE, ""), env.optional(AUTHORIZATION_ENDPOINT_VARIABLE, ""),
                env.optional(TOKEN_ENDPOINT_VARIABLE, ""), env.optional(END_SESSION_ENDPOINT_VARIABLE, ""));
    }

    /** Whether the page can sign in with OpenID Connect: an issuer and a client id are given. */
    public boolean enabled() {
        return issuer != null && clientId != null;
    }

    /** The answer of {@code GET /api/v1/sign-in}: every key always there, {@code null} where unset. */
    public Map<String, Object> view() {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("issuer", enabled() ? issuer : null);
        view.put("clientId", enabled() ? clientId : null);
        view.put("scopes", scopes);
        view.put("authorizationEndpoint", enabled() ? authorizationEndpoint : null);
        view.put("tokenEndpoint", enabled() ? tokenEndpoint : null);
        view.put("endSessionEndpoint", enabled() ? endSessionEndpoint : null);
        view.put("routePrefix", ApiRequest.SIGNED_IN_PREFIX);
        return view;
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }
}
