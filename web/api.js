// The agent's session and the caller-log API. The token lives in sessionStorage only and travels only in the
// Authorization header; it is never put in a URL. Signed in with the provider instead (signin.js), the requests go
// to the /oidc/ twins of the routes with the provider's ID token.
import * as signin from './signin.js';

const KEY = 'callhook.agentToken';

/** Raised when the API answers 401: the page returns to the sign-in. */
export class Unauthorized extends Error {
}

export function token() {
    return sessionStorage.getItem(KEY);
}

export function signIn(value) {
    sessionStorage.setItem(KEY, value);
}

export function signOut() {
    sessionStorage.removeItem(KEY);
    signin.forget();
    lastAnswers.clear();
}

/** Whether someone is signed in: with an agent token, or with the provider. */
export function signedIn() {
    return Boolean(token()) || signin.signedIn();
}

// The last answer to each polled GET and its ETag: the next poll asks "If-None-Match" and a 304 reuses the text.
const lastAnswers = new Map();

async function request(method, path, body) {
    const headers = {Authorization: (await signin.authorization()) || 'Bearer ' + token(), Accept: 'application/json'};
    if (body !== undefined) {
        headers['Content-Type'] = 'application/json';
    }
    const last = method === 'GET' ? lastAnswers.get(path) : undefined;
    if (last) {
        headers['If-None-Match'] = last.etag;
    }
    const response = await fetch(signin.prefix() + path, {
        method, headers, body: body === undefined ? undefined : JSON.stringify(body),
        cache: 'no-store', credentials: 'omit', referrerPolicy: 'no-referrer',
    });
    if (response.status === 401) {
        throw new Unauthorized('unauthorized');
    }
    if (response.status === 304 && last) {
        return last.text;
    }
    const text = await response.text();
    if (!response.ok) {
        let message = response.status + ' ' + response.statusText;
        try {
            message = JSON.parse(text).error || message;
        } catch (e) {
            // not JSON: keep the status line
        }
        throw new Error(message);
    }
    const etag = response.headers.get('ETag');
    if (method === 'GET' && etag) {
        lastAnswers.set(path, {etag, text});
    }
    return text;
}

/** The signed-in agent: id, login, organization and the identities a PBX names them by. */
export async function me() {
    return JSON.parse(await request('GET', '/api/v1/me'));
}

/** The caller log, newest first, as the raw JSON text (so an unchanged answer can be told apart cheaply). */
export function callerLog(line) {
    const query = new URLSearchParams({limit: '100'});
    if (line) {
        query.set('queue', line);
    }
    return request('GET', '/api/v1/cti/log?' + query);
}

/** Missed calls and per-day counts of every line, from {@code since} to {@code until} (UTC days), as JSON text. */
export function missedCalls(since, until) {
    const query = new URLSearchParams({since, until, limit: '300'});
    return request('GET', '/api/v1/missed-calls?' + query);
}

/** The open callback items of one line, longest waiting first, as JSON text. */
export function callbacks(line) {
    return request('GET', '/api/v1/callbacks?' + new URLSearchParams({line, limit: '100'}));
}

/** Claims, releases or closes (with a reason) a callback item; answers the item. A 409 names the holder. */
export async function callbackAction(itemId, action, reason) {
    const path = '/api/v1/callbacks/' + encodeURIComponent(itemId) + '/' + action;
    return JSON.parse(await request('POST', path, action === 'close' ? {reason} : undefined));
}

export async function markDone(callId, done) {
    return JSON.parse(await request('POST', '/api/v1/cti/done/' + encodeURIComponent(callId), {done}));
}
