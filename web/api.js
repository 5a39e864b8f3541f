// The agent's session and the caller-log API. The token lives in sessionStorage only and travels only in the
// Authorization header; it is never put in a URL. Signed in with the provider instead (signin.js), the requests go
// to the /oidc/ twins of the routes with the provider's ID token.
import * as signin from './signin.js';

const KEY = 'callhook.agentToken';

/** Raised when the API answers 401: the token was not accepted. */
export class Unauthorized extends Error {
}

/** Raised when the API cannot be reached or failed (network error, 5xx): the page's data may be stale. */
export class Unreachable extends Error {
}

/** Raised when the API refused a request (4xx other than 401), with its error text and status. */
export class Refused extends Error {
    constructor(message, status, body) {
        super(message);
        this.status = status;
        this.body = body;
    }
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
    let response;
    try {
        response = await fetch(signin.prefix() + path, {
            method, headers, body: body === undefined ? undefined : JSON.stringify(body),
            cache: 'no-store', credentials: 'omit', referrerPolicy: 'no-referrer',
        });
    } catch (e) {
        throw new Unreachable('no answer from callhook');
    }
    if (response.status === 401) {
        throw new Unauthorized('unauthorized');
    }
    if (response.status === 304 && last) {
        return last.text;
    }
    let text;
    try {
        text = await response.text();
    } catch (e) {
        throw new Unreachable('the answer broke off');
    }
    if (!response.ok) {
        let message = response.status + ' ' + response.statusText;
        let parsed = null;
        try {
            parsed = JSON.parse(text);
            message = parsed.error || message;
        } catch (e) {
            // not JSON: keep the status line
        }
        if (response.status >= 500) {
            throw new Unreachable(message);
        }
        throw new Refused(message, response.status, parsed);
    }
    const etag = response.headers.get('ETag');
    if (method === 'GET' && etag) {
        lastAnswers.set(path, {etag, text});
    }
    return text;
}

/** A query string; spaces as %20 (not "+", which API Gateway passes on as a plus sign: "+49 30" stays itself). */
function query(params) {
    const q = new URLSearchParams();
    for (const [key, value] of Object.entries(params)) {
        if (value !== undefined && value !== null && value !== '') {
            q.set(key, String(value));
        }
    }
    return q.toString().replace(/\+/g, '%20');
}

/** The signed-in agent: id, name, login, organization, time zone and the identities a PBX names them by. */
export async function me() {
    return JSON.parse(await request('GET', '/api/v1/me'));
}

/**
 * One page of the caller log, newest first, as the raw JSON text (so an unchanged answer can be told apart
 * cheaply): {@code view} all|open|missed|mine, {@code queue} a line, {@code number} a caller's number,
 * {@code since}/{@code until} days in the organization's zone, {@code nextToken} the page after the one before.
 */
export function callerLog({queue, view, number, since, until, limit, nextToken}) {
    const q = query({limit: limit || 100, queue, view: view === 'all' ? '' : view, number, since, until, nextToken});
    return request('GET', '/api/v1/cti/log?' + q);
}

/** Missed calls, newest first, and per-day counts of every line, from {@code since} to {@code until}, as JSON text. */
export function missedCalls(since, until, nextToken) {
    return request('GET', '/api/v1/missed-calls?' + query({since, until, limit: 300, nextToken}));
}

/**
 * Open callback items, longest waiting first, as JSON text: of one {@code line}, or without it of every line in one
 * request; {@code number} narrows them to one caller.
 */
export function callbacks({line, number, nextToken, limit}) {
    return request('GET', '/api/v1/callbacks?' + query({line, number, limit: limit || 100, nextToken}));
}

/** Claims, releases or closes (with a reason) a callback item; answers the item. A 409 names the holder. */
export async function callbackAction(itemId, action, reason) {
    const path = '/api/v1/callbacks/' + encodeURIComponent(itemId) + '/' + action;
    return JSON.parse(await request('POST', path, action === 'close' ? {reason} : undefined));
}

export async function markDone(callId, done) {
    return JSON.parse(await request('POST', '/api/v1/cti/done/' + encodeURIComponent(callId), {done}));
}

/** Marks several calls done at once: all or none. */
export async function markDoneBulk(ids) {
    return JSON.parse(await request('POST', '/api/v1/cti/done/bulk', {ids}));
}
