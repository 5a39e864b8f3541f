package io.callhook.local;

import java.net.InetAddress;
import no.nav.security.mock.oauth2.MockOAuth2Server;
import no.nav.security.mock.oauth2.OAuth2Config;

/**
 * The local stack's OpenID Connect provider: NAV's mock-oauth2-server (MIT), on 127.0.0.1 only, with its login form
 * (any user name, and the claims to put in the tokens as JSON), discovery, JWKS, Authorization Code with PKCE,
 * refresh tokens and end-session. The agent page signs in at it as it would at Entra ID or Cognito, and
 * {@link LocalJwtAuthorizer} checks its tokens as API Gateway's JWT authorizer does on AWS.
 *
 * <p>Its tokens' {@code iss} is built from the host the client called: use {@code 127.0.0.1}, as {@link #issuer}
 * says, not {@code localhost}.
 */
final class LocalOidcProvider implements AutoCloseable {

    /** The issuer's path: the provider serves any, the local stack trusts this one only. */
    static final String ISSUER_ID = "callhook";
    /** The agent page's client id at the provider, and so the audience the local authorizer requires. */
    static final String CLIENT_ID = "callhook-local-page";

    private final MockOAuth2Server server;

    private LocalOidcProvider(MockOAuth2Server server) {
        this.server = server;
    }

    /** Starts the provider on 127.0.0.1 at {@code port} (0: a free one). */
    static LocalOidcProvider start(int port) {
        MockOAuth2Server server = new MockOAuth2Server(new OAuth2Config(true));
        try {
            server.start(InetAddress.getLoopbackAddress(), port);
        } catch (RuntimeException e) {
            throw new IllegalStateException("cannot start the OpenID Connect provider on 127.0.0.1:" + port
                    + " (the HTTP API's port + 1; is it in use?)", e);
        }
        return new LocalOidcProvider(server);
    }

    /** The issuer, exactly as its tokens' {@code iss}: {@code http://127.0.0.1:<port>/callhook}. */
    String issuer() {
        return origin() + "/" + ISSUER_ID;
    }

    /** Scheme, host and port, for the page's Content-Security-Policy {@code connect-src}. */
    String origin() {
        return "http://127.0.0.1:" + server.baseUrl().port();
    }

    /** The provider itself, for tests that issue tokens of their own making. */
    MockOAuth2Server server() {
        return server;
    }

    @Override
    public void close() {
        server.shutdown();
    }
}
