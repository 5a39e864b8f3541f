// Unit tests (pure): the /oidc route twins map to their routes' keys, and only API Gateway's authorizer's claims count.
package io.callhook.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import io.callhook.config.Environment;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ApiRequestTest {

    static APIGatewayV2HTTPEvent event(String routeKey, Map<String, String> claims) {
        APIGatewayV2HTTPEvent event = new APIGatewayV2HTTPEvent();
        event.setRouteKey(routeKey);
        APIGatewayV2HTTPEvent.RequestContext.RequestContextBuilder context =
                APIGatewayV2HTTPEvent.RequestContext.builder().withRouteKey(routeKey);
        if (claims != null) {
            context.withAuthorizer(APIGatewayV2HTTPEvent.RequestContext.Authorizer.builder()
                    .withJwt(APIGatewayV2HTTPEvent.RequestContext.Authorizer.JWT.builder().withClaims(claims)
                            .build()).build());
        }
        event.setRequestContext(context.build());
        return event;
    }

    @Test
    void aTwinUnderOidcHasItsRoutesKeyAndIsSignedIn() {
        ApiRequest twin = ApiRequest.of(event("POST /oidc/api/v1/cti/done/{callId}", Map.of("email", "a@x")));
        assertEquals("POST /api/v1/cti/done/{callId}", twin.routeKey());
        assertTrue(twin.signedIn());
        assertEquals(Map.of("email", "a@x"), twin.verifiedClaims());

        ApiRequest plain = ApiRequest.of(event("POST /api/v1/cti/done/{callId}", null));
        assertEquals("POST /api/v1/cti/done/{callId}", plain.routeKey());
        assertFalse(plain.signedIn());
        assertEquals(Map.of(), plain.verifiedClaims());
    }

    @Test
    void onlyTheWholeFirstSegmentIsThePrefix() {
        ApiRequest other = ApiRequest.of(event("GET /oidcx/api/v1/me", null));
        assertEquals("GET /oidcx/api/v1/me", other.routeKey());
        assertFalse(other.signedIn());
        ApiRequest inside = ApiRequest.of(event("GET /api/v1/oidc/me", null));
        assertEquals("GET /api/v1/oidc/me", inside.routeKey());
        assertFalse(inside.signedIn());
    }

    @Test
    void aRawPathWithoutARouteKeyIsMappedTheSameWay() {
        APIGatewayV2HTTPEvent event = new APIGatewayV2HTTPEvent();
        event.setRawPath("/oidc/call/list");
        event.setRequestContext(APIGatewayV2HTTPEvent.RequestContext.builder()
                .withHttp(APIGatewayV2HTTPEvent.RequestContext.Http.builder().withMethod("get").build()).build());
        assertEquals("GET /call/list", ApiRequest.of(event).routeKey());
        assertTrue(ApiRequest.of(event).signedIn());
    }

    @Test
    void signInSettingsComeFromTheEnvironmentAndAreNullUntilAnIssuerAndClientAreGiven() {
        SignInSettings none = SignInSettings.fromEnvironment(Environment.of(Map.of("OIDC_ISSUER", "  ")));
        assertFalse(none.enabled());
        assertEquals(null, none.view().get("issuer"));
        assertEquals("openid email profile", none.view().get("scopes"));
        assertEquals("/oidc", none.view().get("routePrefix"));
        SignInSettings cognito = SignInSettings.fromEnvironment(Environment.of(Map.of(
                "OIDC_ISSUER", "https://cognito-idp.eu-central-1.amazonaws.com/eu-central-1_abc",
                "OIDC_CLIENT_ID", "client", "OIDC_TOKEN_ENDPOINT", "https://d.auth.example/oauth2/token",
                "OIDC_AUTHORIZATION_ENDPOINT", "")));
        assertTrue(cognito.enabled());
        assertEquals("client", cognito.view().get("clientId"));
        assertEquals("https://d.auth.example/oauth2/token", cognito.view().get("tokenEndpoint"));
        assertEquals(null, cognito.view().get("authorizationEndpoint"));
        assertEquals(7, cognito.view().size());
    }
}
