// Sign-in with the organization's OpenID Connect provider (Entra ID, Google through Cognito, Okta, Cognito):
// Authorization Code with PKCE (S256), never the implicit flow. The page is a public client: no secret.
//
// Where things live: the tokens (ID token, refresh token) in this module's memory only, never in localStorage,
// sessionStorage or a URL, so no other page, tab or later visit can read them and a reload drops them. Only the
// one-use values of a sign-in in progress (state, nonce, PKCE verifier) wait in sessionStorage while the browser
// is at the provider, and are removed when it comes back; plus a flag "signed in with the provider" (no secret) so
// a reload signs in again silently (prompt=none) instead of showing the sign-in. The provider's answer (code and
// state) is taken out of the address bar at once.
//
// The API takes the ID token (its aud is this page's client id, which API Gateway's JWT authorizer checks) on the
// /oidc/ twins of its routes. It is refreshed silently before it expires: with the refresh token when the provider
// gave one, else by a silent authorization request (prompt=none). Sign-out ends the session at the provider too
// (its end_session_endpoint).

const PENDING = 'callhook.oidc.pending';
const ACTIVE = 'callhook.oidc.active';
/** Refresh this long before the ID token expires. */
const MARGIN_MS = 60000;

let settings = null;
let endpoints = null;
let tokens = null;
let refreshing = null;

/** Whether the page is signed in with the provider (tokens in memory). */
export function signedIn() {
    return tokens !== null;
}

/** The API path prefix of the signed-in routes ('/oidc'), '' when signed in with an agent token. */
export function prefix() {
    return signedIn() ? settings.routePrefix : '';
}

/** Whether the deployment has a provider to sign in at. */
export function available() {
    return settings !== null && settings.issuer !== null && settings.clientId !== null;
}

function base64url(bytes) {
    let text = '';
    for (const b of bytes) {
        text += String.fromCharCode(b);
    }
    return btoa(text).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

function random() {
    return base64url(crypto.getRandomValues(new Uint8Array(32)));
}

async function s256(verifier) {
    return base64url(new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(verifier))));
}

function claimsOf(jwt) {
    const part = jwt.split('.')[1].replace(/-/g, '+').replace(/_/g, '/');
    const json = decodeURIComponent(Array.from(atob(part), c => '%' + c.charCodeAt(0).toString(16).padStart(2, '0'))
        .join(''));
    return JSON.parse(json);
}

function redirectUri() {
    return location.origin + location.pathname;
}

async function loadEndpoints() {
    if (endpoints) {
        return endpoints;
    }
    endpoints = {
        authorization: settings.authorizationEndpoint,
        token: settings.tokenEndpoint,
        endSession: settings.endSessionEndpoint,
    };
    if (!endpoints.authorization || !endpoints.token) {
        const response = await fetch(settings.issuer.replace(/\/$/, '') + '/.well-known/openid-configuration',
            {credentials: 'omit', referrerPolicy: 'no-referrer'});
        const discovery = await response.json();
        endpoints.authorization = endpoints.authorization || discovery.authorization_endpoint;
        endpoints.token = endpoints.token || discovery.token_endpoint;
        endpoints.endSession = endpoints.endSession || discovery.end_session_endpoint || null;
    }
    return endpoints;
}

/** Goes to the provider to sign in; {@code silent}: prompt=none, the provider answers without showing anything. */
export async function begin(silent) {
    const {authorization} = await loadEndpoints();
    const pending = {state: random(), nonce: random(), verifier: random()};
    sessionStorage.setItem(PENDING, JSON.stringify(pending));
    const query = new URLSearchParams({
        response_type: 'code',
        client_id: settings.clientId,
        redirect_uri: redirectUri(),
        scope: settings.scopes,
        state: pending.state,
        nonce: pending.nonce,
        code_challenge: await s256(pending.verifier),
        code_challenge_method: 'S256',
    });
    if (silent) {
        query.set('prompt', 'none');
    }
    location.assign(authorization + (authorization.includes('?') ? '&' : '?') + query);
}

async function tokenRequest(form) {
    const {token} = await loadEndpoints();
    const response = await fetch(token, {
        method: 'POST',
        headers: {'Content-Type': 'application/x-www-form-urlencoded', Accept: 'application/json'},
        body: new URLSearchParams(form),
        credentials: 'omit',
        referrerPolicy: 'no-referrer',
        cache: 'no-store',
    });
    const answer = await response.json().catch(() => ({}));
    if (!response.ok || !answer.id_token) {
        throw new Error(answer.error_description || answer.error || 'the provider refused (' + response.status + ')');
    }
    return answer;
}

function keep(answer, nonce) {
    const claims = claimsOf(answer.id_token);
    if (nonce !== undefined && claims.nonce !== nonce) {
        throw new Error('the provider answered for another sign-in (nonce)');
    }
    tokens = {
        idToken: answer.id_token,
        refreshToken: answer.refresh_token || (tokens ? tokens.refreshToken : null),
        expiresAt: claims.exp * 1000,
        email: claims.email || claims.preferred_username || claims.sub,
    };
    sessionStorage.setItem(ACTIVE, '1');
}

/**
 * Reads the deployment's sign-in settings and finishes a sign-in the provider sent the browser back from. Answers
 * an error message for the sign-in screen, or '' when there is none.
 */
export async function init() {
    try {
        const response = await fetch('/api/v1/sign-in', {credentials: 'omit', referrerPolicy: 'no-referrer'});
        settings = response.ok ? await response.json() : null;
    } catch (e) {
        settings = null;
    }
    const query = new URLSearchParams(location.search);
    const returned = query.has('state') && (query.has('code') || query.has('error'));
    if (!returned) {
        // a reload after a sign-in: sign in again without a prompt (the provider still has its session)
        if (available() && sessionStorage.getItem(ACTIVE) && !sessionStorage.getItem(PENDING)) {
            await begin(true);
            return '';
        }
        return '';
    }
    history.replaceState(null, '', location.pathname);
    const pending = JSON.parse(sessionStorage.getItem(PENDING) || 'null');
    sessionStorage.removeItem(PENDING);
    if (!available() || !pending || pending.state !== query.get('state')) {
        return 'The sign-in could not be finished (it was not started here). Sign in again.';
    }
    if (query.has('error')) {
        sessionStorage.removeItem(ACTIVE);
        return query.get('error') === 'login_required' ? ''
            : 'The sign-in was refused: ' + (query.get('error_description') || query.get('error'));
    }
    try {
        keep(await tokenRequest({
            grant_type: 'authorization_code',
            code: query.get('code'),
            redirect_uri: redirectUri(),
            client_id: settings.clientId,
            code_verifier: pending.verifier,
        }), pending.nonce);
        return '';
    } catch (e) {
        tokens = null;
        sessionStorage.removeItem(ACTIVE);
        return 'The sign-in could not be finished: ' + e.message;
    }
}

/**
 * The Authorization header value for the API, the ID token refreshed first when it is about to expire; null when
 * not signed in with the provider.
 */
export async function authorization() {
    if (!tokens) {
        return null;
    }
    if (Date.now() > tokens.expiresAt - MARGIN_MS) {
        await refresh();
    }
    return tokens ? 'Bearer ' + tokens.idToken : null;
}

/** Gets a fresh ID token: with the refresh token, else by a silent authorization request (leaves the page). */
export function refresh() {
    if (!refreshing) {
        refreshing = (async () => {
            try {
                if (tokens && tokens.refreshToken) {
                    keep(await tokenRequest({
                        grant_type: 'refresh_token',
                        refresh_token: tokens.refreshToken,
                        client_id: settings.clientId,
                        scope: settings.scopes,
                    }));
                    return;
                }
            } catch (e) {
                // refused (revoked, expired): fall through to the silent authorization request
            }
            tokens = null;
            await begin(true);
        })().finally(() => {
            refreshing = null;
        });
    }
    return refreshing;
}

/** Forgets the tokens here (the page returns to its sign-in); the provider's session stays. */
export function forget() {
    tokens = null;
    sessionStorage.removeItem(ACTIVE);
    sessionStorage.removeItem(PENDING);
}

/** Forgets the tokens and ends the session at the provider, which sends the browser back to the page. */
export async function signOut() {
    const idToken = tokens ? tokens.idToken : null;
    forget();
    const {endSession} = await loadEndpoints();
    if (!endSession) {
        return false;
    }
    const query = new URLSearchParams({client_id: settings.clientId, post_logout_redirect_uri: redirectUri(),
        logout_uri: redirectUri()});
    if (idToken) {
        query.set('id_token_hint', idToken);
    }
    location.assign(endSession + (endSession.includes('?') ? '&' : '?') + query);
    return true;
}

/** Who is signed in, as the provider names them (for the status line). */
export function who() {
    return tokens ? tokens.email : null;
}
