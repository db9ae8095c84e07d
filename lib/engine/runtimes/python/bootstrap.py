"""Lambda Python runtime loop for the local engine, stdlib only.

Speaks the Runtime API 2018-06-01 at AWS_LAMBDA_RUNTIME_API with the handler and context
contract of AWS's Python runtime (awslambdaric): errors carry errorMessage, errorType,
requestId and stackTrace; init failures go to /runtime/init/error.
"""
import importlib
import json
import logging
import os
import socket
import sys
import time
import traceback

API = os.environ["AWS_LAMBDA_RUNTIME_API"]
BASE = "/2018-06-01/runtime"


class _RuntimeClient:
    """HTTP/1.1 keep-alive client for the Runtime API. http.client would pull in the email
    package (tens of ms of imports on every cold start); the listener always sends Content-Length."""

    def __init__(self, hostport):
        host, _, port = hostport.rpartition(":")
        self.addr = (host, int(port))
        self.sock = None
        self.buf = b""

    def close(self):
        if self.sock is not None:
            self.sock.close()
        self.sock = None
        self.buf = b""

    def request(self, method, path, body=b"", headers=None):
        if isinstance(body, str):
            body = body.encode("utf-8")
        head = "%s %s HTTP/1.1\r\nHost: %s:%d\r\nContent-Length: %d\r\n" % (method, path, self.addr[0], self.addr[1], len(body or b""))
        for k, v in (headers or {}).items():
            head += "%s: %s\r\n" % (k, v)
        data = head.encode("latin-1") + b"\r\n" + (body or b"")
        for attempt in (0, 1):
            try:
                if self.sock is None:
                    self.sock = socket.create_connection(self.addr)
                    self.sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
                self.sock.sendall(data)
                return self._read_response()
            except OSError:
                self.close()
                if attempt:
                    raise
        raise RuntimeError("unreachable")

    def _recv(self):
        chunk = self.sock.recv(65536)
        if not chunk:
            raise ConnectionError("Runtime API closed the connection")
        self.buf += chunk

    def _read_response(self):
        while b"\r\n\r\n" not in self.buf:
            self._recv()
        head, _, rest = self.buf.partition(b"\r\n\r\n")
        lines = head.decode("latin-1").split("\r\n")
        status = int(lines[0].split(" ")[1])
        headers = {}
        for line in lines[1:]:
            k, _, v = line.partition(":")
            headers[k.strip().lower()] = v.strip()
        n = int(headers.get("content-length", "0"))
        self.buf = rest
        while len(self.buf) < n:
            self._recv()
        body, self.buf = self.buf[:n], self.buf[n:]
        return status, headers, body


_client = _RuntimeClient(API)
_request_id = ""


def _call(method, path, body=None, headers=None):
    return _client.request(method, BASE + path, body or b"", headers)


def _emit(line):
    # One log event per record: newlines become \r, as Lambda's runtimes do on stdout.
    sys.stdout.write(line.replace("\n", "\r") + "\n")
    sys.stdout.flush()


class _LambdaLogHandler(logging.Handler):
    def __init__(self, json_format):
        super().__init__()
        self.json_format = json_format

    def emit(self, record):
        msg = record.getMessage()
        ts = time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(record.created)) + ".%03dZ" % record.msecs
        if self.json_format:
            doc = {"timestamp": ts, "level": record.levelname, "message": msg, "logger": record.name, "requestId": _request_id}
            if record.exc_info:
                doc["stackTrace"] = traceback.format_list(_user_frames(record.exc_info[2]))
            _emit(json.dumps(doc))
        else:
            if record.exc_info:
                msg += "\n" + "".join(traceback.format_exception(*record.exc_info))
            _emit("[%s]\t%s\t%s\t%s" % (record.levelname, ts, _request_id, msg))


def _setup_logging():
    json_format = os.environ.get("AWS_LAMBDA_LOG_FORMAT", "").upper() == "JSON"
    root = logging.getLogger()
    for h in list(root.handlers):
        root.removeHandler(h)
    root.addHandler(_LambdaLogHandler(json_format))
    level = os.environ.get("AWS_LAMBDA_LOG_LEVEL", "").upper()
    root.setLevel(getattr(logging, level, logging.WARNING) if json_format and level else logging.WARNING)


class CognitoIdentity:
    def __init__(self, doc):
        self.cognito_identity_id = doc.get("cognitoIdentityId")
        self.cognito_identity_pool_id = doc.get("cognitoIdentityPoolId")


class Client:
    def __init__(self, doc):
        self.installation_id = doc.get("installation_id")
        self.app_title = doc.get("app_title")
        self.app_version_name = doc.get("app_version_name")
        self.app_version_code = doc.get("app_version_code")
        self.app_package_name = doc.get("app_package_name")


class ClientContext:
    def __init__(self, doc):
        self.client = Client(doc["client"]) if isinstance(doc.get("client"), dict) else None
        self.custom = doc.get("custom")
        self.env = doc.get("env")


class LambdaContext:
    def __init__(self, request_id, deadline_ms, arn, client_context, identity):
        self.aws_request_id = request_id
        self.invoked_function_arn = arn
        self.function_name = os.environ.get("AWS_LAMBDA_FUNCTION_NAME")
        self.function_version = os.environ.get("AWS_LAMBDA_FUNCTION_VERSION")
        self.memory_limit_in_mb = int(os.environ.get("AWS_LAMBDA_FUNCTION_MEMORY_SIZE", "128"))
        self.log_group_name = os.environ.get("AWS_LAMBDA_LOG_GROUP_NAME")
        self.log_stream_name = os.environ.get("AWS_LAMBDA_LOG_STREAM_NAME")
        self.client_context = ClientContext(json.loads(client_context)) if client_context else None
        self.identity = CognitoIdentity(json.loads(identity)) if identity else CognitoIdentity({})
        self._deadline_ms = deadline_ms

    def get_remaining_time_in_millis(self):
        return max(0, self._deadline_ms - int(time.time() * 1000))

    def log(self, msg):
        sys.stdout.write(str(msg))
        sys.stdout.flush()


def _user_frames(tb):
    """The traceback from the first frame outside this bootstrap, as AWS's runtime shows it: the
    loop that called the handler is not the user's code."""
    frames = traceback.extract_tb(tb)
    for i, frame in enumerate(frames):
        if not frame.filename.endswith("/bootstrap.py"):
            return frames[i:]
    return frames


def _error_doc(exc, request_id, error_type=None):
    tb = _user_frames(exc.__traceback__)
    return {
        "errorMessage": str(exc),
        "errorType": error_type or type(exc).__name__,
        "requestId": request_id,
        "stackTrace": traceback.format_list(tb),
    }


def _log_error(doc):
    if os.environ.get("AWS_LAMBDA_LOG_FORMAT", "").upper() == "JSON":
        ts = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())
        _emit(json.dumps({"timestamp": ts, "level": "ERROR", "message": doc, "requestId": doc.get("requestId", "")}))
        return
    lines = "[ERROR] %s: %s" % (doc["errorType"], doc["errorMessage"])
    if doc.get("stackTrace"):
        lines += "\nTraceback (most recent call last):\n" + "".join(doc["stackTrace"])
    _emit(lines)


def _init_error(doc):
    _log_error(doc)
    _call("POST", "/init/error", json.dumps(doc), {"Lambda-Runtime-Function-Error-Type": doc["errorType"], "Content-Type": "application/json"})
    sys.exit(1)


def _load_handler():
    task_root = os.environ.get("LAMBDA_TASK_ROOT", "/var/task")
    if task_root not in sys.path:
        sys.path.insert(0, task_root)
    handler = os.environ.get("_HANDLER", "")
    try:
        modname, fname = handler.rsplit(".", 1)
    except ValueError as e:
        _init_error({"errorMessage": "Bad handler '%s': %s" % (handler, e), "errorType": "Runtime.MalformedHandlerName", "requestId": "", "stackTrace": []})
    modname = modname.replace("/", ".")
    try:
        module = importlib.import_module(modname)
    except ImportError as e:
        _init_error({"errorMessage": "Unable to import module '%s': %s" % (modname, e), "errorType": "Runtime.ImportModuleError", "requestId": "", "stackTrace": []})
    except SyntaxError as e:
        _init_error({"errorMessage": "Syntax error in module '%s': %s" % (modname, e), "errorType": "Runtime.UserCodeSyntaxError", "requestId": "", "stackTrace": []})
    except Exception as e:  # noqa: BLE001 - any init failure is reported, as Lambda does
        _init_error(_error_doc(e, ""))
    fn = getattr(module, fname, None)
    if fn is None:
        _init_error({"errorMessage": "Handler '%s' missing on module '%s'" % (fname, modname), "errorType": "Runtime.HandlerNotFound", "requestId": "", "stackTrace": []})
    return fn


def main():
    global _request_id
    _setup_logging()
    handler = _load_handler()
    while True:
        _status, headers, body = _call("GET", "/invocation/next")
        request_id = headers.get("lambda-runtime-aws-request-id", "")
        _request_id = request_id
        trace = headers.get("lambda-runtime-trace-id")
        if trace:
            os.environ["_X_AMZN_TRACE_ID"] = trace
        else:
            os.environ.pop("_X_AMZN_TRACE_ID", None)
        ctx = LambdaContext(
            request_id,
            int(headers.get("lambda-runtime-deadline-ms", "0")),
            headers.get("lambda-runtime-invoked-function-arn"),
            headers.get("lambda-runtime-client-context"),
            headers.get("lambda-runtime-cognito-identity"),
        )
        try:
            event = json.loads(body) if body else {}
            result = handler(event, ctx)
        except Exception as e:  # noqa: BLE001 - the handler's error is the invocation's error
            doc = _error_doc(e, request_id)
            _log_error(doc)
            _call("POST", "/invocation/%s/error" % request_id, json.dumps(doc), {"Lambda-Runtime-Function-Error-Type": doc["errorType"], "Content-Type": "application/json"})
            continue
        try:
            payload = json.dumps(result)
        except (TypeError, ValueError) as e:
            doc = {"errorMessage": "Unable to marshal response: %s" % e, "errorType": "Runtime.MarshalError", "requestId": request_id, "stackTrace": []}
            _log_error(doc)
            _call("POST", "/invocation/%s/error" % request_id, json.dumps(doc), {"Lambda-Runtime-Function-Error-Type": doc["errorType"], "Content-Type": "application/json"})
            continue
        _call("POST", "/invocation/%s/response" % request_id, payload, {"Content-Type": "application/json"})


if __name__ == "__main__":
    main()
