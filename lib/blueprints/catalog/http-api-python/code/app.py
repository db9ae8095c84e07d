"""HTTP API (payload format 2.0) / function URL handler returning {statusCode, headers, body}."""
import base64
import json


def _response(status, data):
    return {
        "statusCode": status,
        "headers": {"content-type": "application/json"},
        "body": json.dumps(data),
    }


def _body(event):
    raw = event.get("body")
    if not raw:
        return None
    if event.get("isBase64Encoded"):
        raw = base64.b64decode(raw).decode("utf-8")
    return json.loads(raw)


def handler(event, context):
    http = event.get("requestContext", {}).get("http", {})
    method = http.get("method", "GET")
    path = event.get("rawPath", "/")
    query = event.get("queryStringParameters") or {}

    if method == "GET" and path == "/greet":
        name = query.get("name", "world")
        return _response(200, {"greeting": f"Hello, {name}!", "path": path, "sourceIp": http.get("sourceIp")})
    if method == "POST" and path == "/echo":
        try:
            return _response(200, {"received": _body(event)})
        except ValueError:
            return _response(400, {"message": "body is not valid JSON"})
    return _response(404, {"message": f"No route for {method} {path}"})
