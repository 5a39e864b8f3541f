#!/usr/bin/env python3
"""Writes cases.json, the hostile-input corpus LocalStackHostileCorpusTest sends to the local stack over HTTP.

Run from this directory after changing it: python3 generate.py (it rewrites cases.json; commit both).
Each case: name, method, path, headers, body (text) or bodyBase64 (bytes), the expected status and a substring of
the error message. Placeholders the test fills in: {pbx} (the webhook token of integration acme, organization
org-a), {agent} (an org-a agent's token), {other} (an org-b agent's token), {call} (acme's ringing call, agent-facing
id acme:ring-1) and {otherCall} (org-b's ringing call, globex:ring-2). Families are generated below; single cases
are written out by hand.
"""
import base64
import json

CASES = []
JSON_TYPE = {"content-type": "application/json"}
FORM_TYPE = {"content-type": "application/x-www-form-urlencoded"}
AGENT = {"authorization": "Bearer {agent}"}
OTHER = {"authorization": "Bearer {other}"}


def case(name, method, path, status, error, headers=None, body=None, raw=None):
    entry = {"name": name, "method": method, "path": path, "headers": headers or {}}
    if raw is not None:
        entry["bodyBase64"] = base64.b64encode(raw).decode("ascii")
    elif body is not None:
        entry["body"] = body
    entry["status"] = status
    entry["error"] = error
    CASES.append(entry)


def cti_json(fields):
    return json.dumps(fields, ensure_ascii=True)


NEW_CALL = {"event": "newCall", "from": "+4922100", "to": "+4930500", "direction": "in", "callId": "h-1"}
CTI = "/api/v1/cti/{pbx}"
BW = "/api/v1/bandwidth/{pbx}"
V2 = {"eventType": "initiate", "eventTime": "2026-11-29T10:00:00.000Z", "accountId": "9900000",
      "applicationId": "app-1", "from": "+4922100", "to": "+4930500", "direction": "inbound", "callId": "c-h-1",
      "callUrl": "https://voice.bandwidth.com/api/v2/accounts/9900000/calls/c-h-1", "startTime":
      "2026-11-29T10:00:00.000Z"}

# --- authentication on the webhooks ---------------------------------------------------------------------------
for name, path in [("wrong token", "/api/v1/cti/wrong-token-but-well-formed-123"),
                   ("short token", "/api/v1/cti/x"),
                   ("upper-cased lookalike", "/api/v1/cti/PBX-TOKEN-UPPER-0123456789"),
                   ("percent-encoded token", "/api/v1/cti/%7Bpbx%7D"),
                   ("token with NUL", "/api/v1/cti/abc%00def"),
                   ("token with invalid UTF-8", "/api/v1/cti/%FF%FE"),
                   ("bandwidth wrong token", "/api/v1/bandwidth/wrong-token-but-well-formed-123")]:
    case("webhook auth: " + name, "POST", path, 401, "unknown or missing webhook token", JSON_TYPE,
         cti_json(NEW_CALL))
case("webhook auth: no token segment", "POST", "/api/v1/cti/", 404, "Not Found", JSON_TYPE, cti_json(NEW_CALL))
# an HTTP API answers a method no route has like an unknown path
case("webhook auth: GET on the CTI route", "GET", CTI, 404, "Not Found")
case("webhook auth: PUT on the CTI route", "PUT", CTI, 404, "Not Found", JSON_TYPE, cti_json(NEW_CALL))
case("webhook auth: DELETE on the CTI route", "DELETE", CTI, 404, "Not Found")
case("route: unknown path", "POST", "/api/v1/zammad/{pbx}", 404, "Not Found", JSON_TYPE, "{}")
case("route: traversal", "GET", "/api/v1/cti/{pbx}/../log", 404, "Not Found")

# --- content types and sizes ----------------------------------------------------------------------------------
for ctype in [None, "text/plain", "application/xml", "application/octet-stream", "image/png", "json"]:
    headers = {} if ctype is None else {"content-type": ctype}
    case("cti content type " + str(ctype), "POST", CTI, 415, "content-type", headers, cti_json(NEW_CALL))
case("cti empty JSON body", "POST", CTI, 400, "body is empty", JSON_TYPE, "")
case("cti empty form body", "POST", CTI, 400, "body is empty", FORM_TYPE, "")
big = dict(NEW_CALL, queue="q" * (64 * 1024))
case("cti JSON body over 64 KB", "POST", CTI, 413, "larger than 65536 bytes", JSON_TYPE, cti_json(big))
case("cti form body over 64 KB", "POST", CTI, 413, "larger than 65536 bytes", FORM_TYPE,
     "event=newCall&callId=h-2&queue=" + "q" * (64 * 1024))
case("bandwidth JSON body over 64 KB", "POST", BW, 413, "larger than 65536 bytes", JSON_TYPE,
     cti_json(dict(V2, tag="t" * (64 * 1024))))

# --- malformed JSON -------------------------------------------------------------------------------------------
MALFORMED = {
    "trailing object": '{"event":"newCall"}{}', "trailing word": '{"event":"newCall"} xyz',
    "array": '[1,2]', "string": '"newCall"', "number": '42', "null": 'null', "true": 'true',
    "truncated": '{"event":"newCall","callId":"h', "unquoted key": '{event:"newCall"}',
    "single quotes": "{'event':'newCall'}", "comment": '{"event":"newCall" /* x */}',
    "NaN": '{"event":"newCall","callId":NaN}', "Infinity": '{"event":"newCall","callId":Infinity}',
    "leading zero": '{"callId":0123}', "bare dot": '{"callId":1.}', "hex": '{"callId":0x1F}',
    "plus sign": '{"callId":+1}', "bad escape": '{"callId":"\\x41"}', "short unicode escape": '{"callId":"\\u12"}',
    "raw control byte in string": '{"callId":"a\u0001b"}', "raw newline in string": '{"callId":"a\nb"}',
    "trailing comma": '{"callId":"a",}', "deep nesting": '[' * 5000 + ']' * 5000,
    "deep object nesting": '{"a":' * 3000 + '1' + '}' * 3000, "only whitespace": '   \n\t ',
    "number too long": '{"callId":' + '9' * 2000 + '}', "BOM": '\ufeff{"event":"newCall"}',
}
for name, text in MALFORMED.items():
    error = "body is empty" if not text.strip() and False else ""
    case("cti malformed JSON: " + name, "POST", CTI, 400, error, JSON_TYPE, text)

# --- invalid UTF-8, in every body type and in query strings ----------------------------------------------------
BAD_BYTES = {"FF": b"\xff", "FE": b"\xfe", "lone continuation": b"\x80", "overlong slash": b"\xc0\xaf",
             "overlong NUL": b"\xc0\x80", "overlong 3-byte": b"\xe0\x80\x80", "encoded surrogate": b"\xed\xa0\x80",
             "beyond U+10FFFF": b"\xf4\x90\x80\x80", "5-byte form": b"\xf8\x88\x80\x80\x80",
             "truncated 2-byte": b"\xc3", "truncated 4-byte": b"\xf0\x9f\x98"}
for name, bad in BAD_BYTES.items():
    raw = b'{"event":"newCall","from":"+4922100","to":"+4930500","direction":"in","callId":"u8-' + bad + b'"}'
    case("cti invalid UTF-8 in JSON: " + name, "POST", CTI, 400, "body is not valid UTF-8", JSON_TYPE, raw=raw)
    raw_form = b"event=newCall&from=1&to=2&direction=in&callId=u8-" + bad
    case("cti invalid UTF-8 raw in form: " + name, "POST", CTI, 400, "form body is not valid UTF-8", FORM_TYPE,
         raw=raw_form)
    escaped = "".join("%%%02X" % b for b in bad)
    case("cti invalid UTF-8 percent-encoded in form: " + name, "POST", CTI, 400, "form body is not valid UTF-8",
         FORM_TYPE, "event=newCall&from=1&to=2&direction=in&callId=u8-" + escaped)
    multipart = (b'--xx\r\nContent-Disposition: form-data; name="event"\r\n\r\nnewCall\r\n'
                 b'--xx\r\nContent-Disposition: form-data; name="callId"\r\n\r\nu8-' + bad + b'\r\n--xx--\r\n')
    case("cti invalid UTF-8 in multipart: " + name, "POST", CTI, 400, "a multipart field is not valid UTF-8",
         {"content-type": "multipart/form-data; boundary=xx"}, raw=multipart)
    case("caller log invalid UTF-8 in query: " + name, "GET", "/api/v1/cti/log?queue=" + escaped, 400,
         "query string is not valid UTF-8", AGENT)
    case("bandwidth GET invalid UTF-8 in query: " + name, "GET",
         BW + "?eventType=hangup&callId=c-" + escaped + "&time=2026-11-29T10:00:00Z&callState=completed", 400,
         "query string is not valid UTF-8")
case("bandwidth invalid UTF-8 in JSON", "POST", BW, 400, "body is not valid UTF-8", JSON_TYPE,
     raw=cti_json(V2).replace('"tag"', '"t"').encode()[:-1] + b',"tag":"\xff"}')
case("caller log done: invalid UTF-8 body", "POST", "/api/v1/cti/done/{call}", 400, "body is not valid UTF-8",
     dict(AGENT, **JSON_TYPE), raw=b'{"done":true,"x":"\xc0\x80"}')
case("OpenReception: invalid UTF-8 in call_id", "GET", "/call/state?call_id=%FF", 400,
     "query string is not valid UTF-8", AGENT)
case("Genesys: invalid UTF-8 body", "POST", "/api/v2/me/calls/{call}", 400,
     "the body must be a JSON object with operationName", dict(AGENT, **JSON_TYPE),
     raw=b'{"operationName":"Hold","x":"\xff"}')

# --- control characters and lone surrogates in ids, numbers and names -----------------------------------------
CONTROLS = {"NUL": "\u0000", "SOH": "\u0001", "BEL": "\u0007", "BS": "\u0008", "LF": "\n", "TAB": "\t",
            "CR": "\r", "ESC": "\u001b", "US": "\u001f", "DEL": "\u007f"}
SURROGATES = {"lone high": "\ud800", "lone low": "\udc00", "high at end": "\udbff", "reversed pair": "\ude00\ud83d"}
for field in ["callId", "from", "to", "queue", "user", "origCallId"]:
    for name, char in list(CONTROLS.items()) + list(SURROGATES.items()):
        fields = dict(NEW_CALL, callId="ctl-" + field)
        fields[field] = fields.get(field, "x") + char + "y"
        kind = "a lone surrogate" if name in SURROGATES else "a control character"
        case("cti %s in %s (JSON escape)" % (name, field), "POST", CTI, 422, "field %s contains %s" % (field, kind),
             JSON_TYPE, cti_json(fields))
for field in ["cause", "answeringNumber"]:
    for name in ["NUL", "BEL", "LF", "DEL"]:
        case("cti %s in hangup %s" % (name, field), "POST", CTI, 422, "field %s contains a control" % field,
             JSON_TYPE, cti_json({"event": "hangup", "callId": "ctl-hangup", field: "x" + CONTROLS[name]}))
for field in ["callId", "from", "user", "queue"]:
    base = {"event": "newCall", "from": "1", "to": "2", "direction": "in", "callId": "f-" + field}
    base[field] = "a%00b"
    case("cti %%00 in form %s" % field, "POST", CTI, 422, "field %s contains a control character (U+0000)" % field,
         FORM_TYPE, "&".join("%s=%s" % kv for kv in base.items()))
    base[field] = "m-\x7f\x1b[2J"
    case("cti raw DEL in multipart %s" % field, "POST", CTI, 422, "field %s contains a control character" % field,
         {"content-type": "multipart/form-data; boundary=xx"},
         raw=("".join("--xx\r\nContent-Disposition: form-data; name=\"%s\"\r\n\r\n%s\r\n" % kv
                      for kv in base.items()) + "--xx--\r\n").encode())
for field, value in [("callId", "c-h-1\u0000"), ("from", "+49\u0007"), ("to", "+49\u001b"),
                     ("parentCallId", "p\ud800"), ("applicationId", "a\u007f"), ("accountId", "1\n"),
                     ("tag", "t\u0000"), ("direction", "in\u0000bound")]:
    kind = "a lone surrogate" if "\ud800" in value else "a control character"
    if field == "direction":
        case("bandwidth control character in direction", "POST", BW, 422, "direction", JSON_TYPE,
             cti_json(dict(V2, direction=value)))
        continue
    case("bandwidth v2 %s holds %s" % (field, kind), "POST", BW, 422, "field %s contains %s" % (field, kind),
         JSON_TYPE, cti_json(dict(V2, **{field: value})))
case("bandwidth GET %00 in callId", "GET",
     BW + "?eventType=hangup&callId=c%00x&time=2026-11-29T10:00:00Z&callState=completed", 422,
     "field callId contains a control character (U+0000)")
case("caller log: %00 in queue", "GET", "/api/v1/cti/log?queue=a%00b", 422,
     "field queue contains a control character (U+0000)", AGENT)
case("missed calls: %1B in line", "GET", "/api/v1/missed-calls?line=%1B%5B2J", 422,
     "field line contains a control character (U+001B)", AGENT)
case("caller log done: %00 in path call id", "POST", "/api/v1/cti/done/acme:ring%00", 422,
     "field callId contains a control character", dict(AGENT, **JSON_TYPE), '{"done":true}')
case("caller log bulk done: lone surrogate id", "POST", "/api/v1/cti/done/bulk", 422,
     "field ids contains a lone surrogate", dict(AGENT, **JSON_TYPE), '{"ids":["acme:ring-1\\ud800"]}')
case("caller log bulk done: NUL id", "POST", "/api/v1/cti/done/bulk", 422,
     "field ids contains a control character", dict(AGENT, **JSON_TYPE), '{"ids":["acme:\\u0000"]}')
for endpoint in ["state", "pickup", "park", "hangup"]:
    method = "GET" if endpoint == "state" else "POST"
    case("OpenReception %s: %%00 in call_id" % endpoint, method, "/call/%s?call_id=acme:ring-1%%00" % endpoint, 400,
         "call_id contains a control character (U+0000)", AGENT)
    case("OpenReception %s: %%7F in call_id" % endpoint, method, "/call/%s?call_id=%%7F" % endpoint, 400,
         "call_id contains a control character (U+007F)", AGENT)
case("OpenReception transfer: control character in source", "GET", "/call/transfer?source=a%01&destination=b", 400,
     "source contains a control character", AGENT)
GWS = "/api/v2/me/calls/{call}"
GWS_HEADERS = dict(AGENT, **JSON_TYPE)
for name, body, error in [
        ("NUL in userData key", '{"operationName":"AttachUserData","userData":{"k\\u0000":"v"}}',
         "userData keys may not hold control characters"),
        ("BEL in userData value", '{"operationName":"AttachUserData","userData":{"k":"v\\u0007"}}',
         "userData value of k contains a control character (U+0007)"),
        ("lone surrogate in userData value", '{"operationName":"UpdateUserData","userData":{"k":"\\udfff"}}',
         "userData value of k contains a lone surrogate"),
        ("ESC in disposition", '{"operationName":"SetCallDisposition","disposition":"\\u001b[31m"}',
         "disposition contains a control character (U+001B)"),
        ("NUL in dispositionKey", '{"operationName":"SetCallDisposition","disposition":"Sale","dispositionKey":'
         '"a\\u0000"}', "dispositionKey contains a control character"),
        ("DEL in key to delete", '{"operationName":"DeleteUserDataPair","key":"\\u007f"}',
         "key contains a control character"),
        ("lone surrogate in callUuid", '{"operationName":"Hold","callUuid":"\\ud800"}',
         "callUuid contains a lone surrogate")]:
    case("Genesys: " + name, "POST", GWS, 400, error, GWS_HEADERS, body)
case("Genesys: control character in path id", "POST", "/api/v2/me/calls/acme:ring%01", 400,
     "the call id contains a control character (U+0001)", GWS_HEADERS, '{"operationName":"Hold"}')

# --- numbers for text fields --------------------------------------------------------------------------------------
for name, number in [("1e400", "1e400"), ("1e999999999", "1e999999999"), ("-1e400", "-1e400"),
                     ("1.5e3", "1.5e3"), ("-0", "-0"), ("huge integer", "123456789012345678901234567890")]:
    body = '{"event":"newCall","from":' + number + ',"to":"+4930500","direction":"in","callId":"num-' + \
           name + '"}'
    case("cti number for from keeps its text: " + name, "POST", CTI, 200, "", JSON_TYPE, body)
for name, body, error in [
        ("1e400", '{"operationName":"AttachUserData","userData":{"k":1e400}}', "must be a finite number"),
        ("-1e999999999", '{"operationName":"AttachUserData","userData":{"k":-1e999999999}}',
         "must be a finite number"),
        ("1e-999999999", '{"operationName":"AttachUserData","userData":{"k":1e-999999999}}', "is longer than 1024"),
        ("1e2000 digits", '{"operationName":"AttachUserData","userData":{"k":1e2000}}', "must be a finite number"),
        ("1e1100", '{"operationName":"AttachUserData","userData":{"k":1e300}}', "")]:
    if error:
        case("Genesys userData number " + name, "POST", "/api/v2/me/calls/{otherCall}", 400, error,
             dict(OTHER, **JSON_TYPE), body)
case("caller log: limit not a number", "GET", "/api/v1/cti/log?limit=1e400", 422, "limit", AGENT)
case("caller log: limit negative", "GET", "/api/v1/cti/log?limit=-1", 422, "limit", AGENT)
case("caller log: limit zero", "GET", "/api/v1/cti/log?limit=0", 422, "limit", AGENT)
case("caller log: limit huge", "GET", "/api/v1/cti/log?limit=99999999999999999999", 422, "limit", AGENT)
case("caller log done: done as number", "POST", "/api/v1/cti/done/{call}", 422, "field done is required",
     dict(AGENT, **JSON_TYPE), '{"done":1}')
case("caller log done: done as string", "POST", "/api/v1/cti/done/{call}", 422, "field done is required",
     dict(AGENT, **JSON_TYPE), '{"done":"true"}')

# --- field rules ----------------------------------------------------------------------------------------------
for name, fields, error in [
        ("no event", {k: v for k, v in NEW_CALL.items() if k != "event"}, "field event is required"),
        ("unknown event", dict(NEW_CALL, event="ringing"), "field event must be"),
        ("no callId", {k: v for k, v in NEW_CALL.items() if k != "callId"}, "field callId is required"),
        ("blank callId", dict(NEW_CALL, callId="   "), "field callId is required"),
        ("callId object", dict(NEW_CALL, callId={"a": 1}), "field callId is required"),
        ("callId empty list", dict(NEW_CALL, callId=[]), "field callId is required"),
        ("callId null", dict(NEW_CALL, callId=None), "field callId is required"),
        ("no direction", {k: v for k, v in NEW_CALL.items() if k != "direction"}, "field direction is required"),
        ("bad direction", dict(NEW_CALL, direction="sideways"), "field direction must be in or out"),
        ("no from", {k: v for k, v in NEW_CALL.items() if k != "from"}, "field from is required"),
        ("callId of 513 bytes", dict(NEW_CALL, callId="c" * 513), "field callId is longer than 512 bytes"),
        ("callId of 171 three-byte characters", dict(NEW_CALL, callId="\u20ac" * 171),
         "field callId is longer than 512 bytes"),
        ("origCallId of 513 bytes", dict(NEW_CALL, callId="o-1", origCallId="o" * 513),
         "field origCallId is longer than 512 bytes"),
        ("from of 1025 bytes", dict(NEW_CALL, callId="f-1", **{"from": "1" * 1025}),
         "field from is longer than 1024 bytes"),
        ("51 users", dict(NEW_CALL, callId="u-1", user=["u%d" % i for i in range(51)]),
         "field user names more than 50 values"),
        ("user of 1025 bytes", dict(NEW_CALL, callId="u-2", user=["u" * 1025]),
         "field user is longer than 1024 bytes")]:
    case("cti field rule: " + name, "POST", CTI, 422, error, JSON_TYPE, cti_json(fields))
for name, fields, error in [
        ("not a callback", {"foo": "bar"}, "not a Bandwidth callback"),
        ("mixed v1 and v2", dict(V2, callState="active"), "body mixes Bandwidth v1"),
        ("no eventType", {k: v for k, v in V2.items() if k != "eventType"}, "field eventType is required"),
        ("no callId", {k: v for k, v in V2.items() if k != "callId"}, "field callId is required"),
        ("bad startTime", dict(V2, startTime="yesterday"), "field startTime must be an ISO-8601"),
        ("bad answerTime", dict(V2, eventType="answer", answerTime="2026-02-30T10:00:00Z"),
         "field answerTime must be an ISO-8601"),
        ("parentCallId of 513 bytes", dict(V2, parentCallId="p" * 513),
         "field parentCallId is longer than 512 bytes"),
        ("tag of 1025 bytes", dict(V2, tag="t" * 1025), "field tag is longer than 1024 bytes"),
        ("eventType with NUL", dict(V2, eventType="initiate\u0000"), "field eventType contains a control")]:
    case("bandwidth field rule: " + name, "POST", BW, 422, error, JSON_TYPE, cti_json(fields))

# --- multipart ------------------------------------------------------------------------------------------------
MP = "multipart/form-data; boundary=xx"
case("multipart: no boundary", "POST", CTI, 400, "multipart body", {"content-type": "multipart/form-data"},
     "--xx\r\nContent-Disposition: form-data; name=\"event\"\r\n\r\nnewCall\r\n--xx--\r\n")
case("multipart: wrong boundary", "POST", CTI, 400, "multipart body has no parts", {"content-type": MP},
     "--yy\r\nContent-Disposition: form-data; name=\"event\"\r\n\r\nnewCall\r\n--yy--\r\n")
case("multipart: truncated", "POST", CTI, 400, "multipart body is malformed", {"content-type": MP},
     "--xx\r\nContent-Disposition: form-data; name=\"event\"\r\n\r\nnewCa")
case("multipart: unknown part charset", "POST", CTI, 400, "multipart", {"content-type": MP},
     "--xx\r\nContent-Disposition: form-data; name=\"event\"\r\nContent-Type: text/plain; charset=klingon\r\n\r\n"
     "newCall\r\n--xx--\r\n")
case("multipart: invalid bytes in declared Shift_JIS part", "POST", CTI, 400, "a multipart field is not valid",
     {"content-type": MP},
     raw=b"--xx\r\nContent-Disposition: form-data; name=\"event\"\r\nContent-Type: text/plain; charset=Shift_JIS"
         b"\r\n\r\n\x81\x7f\r\n--xx--\r\n")
case("multipart: only the closing boundary", "POST", CTI, 400, "multipart body has no parts", {"content-type": MP},
     "--xx--\r\n")
case("multipart: part without a name", "POST", CTI, 400, "multipart body has no parts", {"content-type": MP},
     "--xx\r\nContent-Disposition: form-data\r\n\r\nnewCall\r\n--xx--\r\n")
case("multipart: 51 user parts", "POST", CTI, 422, "field user names more than 50 values", {"content-type": MP},
     "".join("--xx\r\nContent-Disposition: form-data; name=\"%s\"\r\n\r\n%s\r\n" % kv for kv in
             [("event", "newCall"), ("callId", "mp-users"), ("from", "1"), ("to", "2"), ("direction", "in")]
             + [("user[]", "u%d" % i) for i in range(51)]) + "--xx--\r\n")
case("form: bad percent escape", "POST", CTI, 400, "form body is malformed", FORM_TYPE,
     "event=newCall&callId=%zz")
case("form: truncated percent escape", "POST", CTI, 400, "form body is malformed", FORM_TYPE,
     "event=newCall&callId=a%4")
case("form: non-ASCII digits in a percent escape", "POST", CTI, 400, "form body is malformed", FORM_TYPE,
     "event=newCall&callId=a%\u0663\u0663")

# --- agent authentication ---------------------------------------------------------------------------------------
AGENT_ROUTES = [("GET", "/api/v1/cti/log", None), ("GET", "/api/v1/missed-calls", None),
                ("POST", "/api/v1/cti/done/{call}", '{"done":true}'),
                ("POST", "/api/v1/cti/done/bulk", '{"ids":["{call}"]}'),
                ("GET", "/call/list", None), ("GET", "/call/state?call_id={call}", None),
                ("POST", "/call/pickup?call_id={call}", None), ("POST", "/call/hangup?call_id={call}", None),
                ("POST", GWS, '{"operationName":"Hold"}')]
TOKENS = {"no token": {}, "short token": {"authorization": "Bearer abc"},
          "wrong token": {"authorization": "Bearer wrong-but-well-formed-token-123"},
          "basic scheme": {"authorization": "Basic YWxpY2U6c2VjcmV0"},
          "empty bearer": {"authorization": "Bearer "},
          "token with space": {"authorization": "Bearer wrong but long enough token here"},
          "webhook token as agent token": {"authorization": "Bearer {pbx}"}}
for method, path, body in AGENT_ROUTES:
    for name, headers in TOKENS.items():
        headers = dict(headers, **(JSON_TYPE if body else {}))
        error = "token" if not path.startswith("/call/") and not path.startswith("/api/v2") else ""
        case("agent auth %s %s: %s" % (method, path, name), method, path, 401, error, headers, body)
case("agent auth: wrong token in query", "GET", "/call/list?token=wrong-but-well-formed-token-123", 401, "")
case("agent auth: NUL in query token", "GET", "/call/list?token=%00", 401, "")

# --- tenancy probes: an org-b agent on org-a's call answers as for a call that does not exist --------------------
for method, path, body, status in [
        ("POST", "/api/v1/cti/done/{call}", '{"done":true}', 404),
        ("POST", "/api/v1/cti/done/bulk", '{"ids":["{call}"]}', 404),
        ("GET", "/call/state?call_id={call}", None, 404), ("POST", "/call/pickup?call_id={call}", None, 404),
        ("POST", "/call/park?call_id={call}", None, 404), ("POST", "/call/hangup?call_id={call}", None, 404),
        ("GET", "/call/transfer?source={call}&destination={otherCall}", None, 404),
        ("POST", GWS, '{"operationName":"Hold"}', 404),
        ("POST", GWS, '{"operationName":"AttachUserData","userData":{"k":"v"}}', 404),
        ("POST", GWS, '{"operationName":"SetCallDisposition","disposition":"Sale"}', 404),
        ("POST", GWS, '{"operationName":"Hangup"}', 404)]:
    case("tenancy: org-b agent %s %s %s" % (method, path, body or ""), method, path, status, "",
         dict(OTHER, **(JSON_TYPE if body else {})), body)
for path in ["/call/state?call_id=acme:ring-1%20", "/call/state?call_id=ACME:ring-1", "/call/state?call_id=ring-1",
             "/call/state?call_id=acme:ring-1:x", "/call/state?call_id=:ring-1", "/call/state?call_id=acme:",
             "/call/state?call_id=globex:ring-1", "/call/state?call_id=acme%3Aring-1%00"]:
    status = 400 if "%00" in path else 404
    case("tenancy: id probe " + path, "GET", path, status, "", AGENT)

# --- agent API protocol refusals --------------------------------------------------------------------------------
for name, path, error in [("state without call_id", "/call/state", "call_id is required"),
                          ("state with 513-byte call_id", "/call/state?call_id=" + "c" * 513,
                           "call_id is longer than 512 bytes"),
                          ("state of an unknown call", "/call/state?call_id=acme:nope", "does not exist")]:
    case("OpenReception " + name, "GET", path, 404 if "unknown" in name else 400, error, AGENT)
for name, body, error in [
        ("not JSON", "{", "the body must be a JSON object with operationName"),
        ("array", "[1]", "the body must be a JSON object with operationName"),
        ("no operationName", "{}", "operationName is required"),
        ("unknown operation", '{"operationName":"Conference"}', "operationName Conference is not supported"),
        ("operationName as number", '{"operationName":7}', "operationName must be a string"),
        ("nested userData", '{"operationName":"AttachUserData","userData":{"a":{"b":1}}}',
         "must be a string, number or boolean"),
        ("userData as list", '{"operationName":"AttachUserData","userData":[1]}', "userData must be a JSON object"),
        ("userData key too long", '{"operationName":"AttachUserData","userData":{"' + "k" * 300 + '":"v"}}',
         "userData keys must be"),
        ("userData value too long", '{"operationName":"AttachUserData","userData":{"k":"' + "v" * 1025 + '"}}',
         "is longer than 1024 bytes"),
        ("trailing content", '{"operationName":"Hold"}{}', "the body must be a JSON object with operationName"),
        ("callUuid of another call", '{"operationName":"Hold","callUuid":"acme:x"}', "does not match the call")]:
    case("Genesys " + name, "POST", GWS, 400, error, GWS_HEADERS, body)
case("Genesys body over 64 KB", "POST", GWS, 413, "larger than 65536 bytes", GWS_HEADERS,
     '{"operationName":"Hold","x":"' + "x" * 65536 + '"}')
case("Genesys 513-byte path id", "POST", "/api/v2/me/calls/" + "c" * 513, 400, "longer than 512 bytes",
     GWS_HEADERS, '{"operationName":"Hold"}')

# --- caller log and missed calls refusals -----------------------------------------------------------------------
for name, path, error in [
        ("garbage nextToken", "/api/v1/cti/log?nextToken=garbage", "nextToken"),
        ("nextToken with NUL", "/api/v1/cti/log?nextToken=%00", "nextToken"),
        ("missed garbage nextToken", "/api/v1/missed-calls?nextToken=eyJ4IjoxfQ", "nextToken"),
        ("bad since", "/api/v1/missed-calls?since=yesterday", "since"),
        ("bad until", "/api/v1/missed-calls?until=2026-13-01", "until"),
        ("until before since", "/api/v1/missed-calls?since=2026-11-20&until=2026-11-10",
         "until must not be before since"),
        ("range too long", "/api/v1/missed-calls?since=2020-01-01&until=2026-01-01", "at most"),
        ("queue of 1025 bytes", "/api/v1/cti/log?queue=" + "q" * 1025, "field queue is longer than 1024 bytes")]:
    case("caller log " + name, "GET", path, 422, error, AGENT)
for name, body, error in [
        ("ids not a list", '{"ids":"acme:ring-1"}', "field ids is required"),
        ("ids empty", '{"ids":[]}', "field ids is required"),
        ("ids with a number", '{"ids":[1]}', "field ids is required"),
        ("ids of 513 bytes", '{"ids":["' + "i" * 513 + '"]}', "field ids is longer than 512 bytes"),
        ("ids too many", '{"ids":[' + ",".join('"acme:x%d"' % i for i in range(1001)) + ']}', "field ids is required"),
        ("unknown call", '{"ids":["acme:nope"]}', "does not exist")]:
    case("caller log bulk done " + name, "POST", "/api/v1/cti/done/bulk", 404 if "unknown" in name else 422,
         error, dict(AGENT, **JSON_TYPE), body)
case("caller log done: text/plain", "POST", "/api/v1/cti/done/{call}", 415, "send application/json",
     dict(AGENT, **{"content-type": "text/plain"}), '{"done":true}')
case("caller log done: unknown call", "POST", "/api/v1/cti/done/acme:nope", 404, "does not exist",
     dict(AGENT, **JSON_TYPE), '{"done":true}')
case("caller log done: 513-byte id", "POST", "/api/v1/cti/done/" + "c" * 513, 422, "longer than 512 bytes",
     dict(AGENT, **JSON_TYPE), '{"done":true}')

with open("cases.json", "w", encoding="utf-8") as out:
    json.dump(CASES, out, ensure_ascii=True, indent=1)
    out.write("\n")
print(len(CASES), "cases")
