"""A tiny PostgreSQL client on the standard library: startup, TLS, cleartext/MD5/SCRAM-SHA-256
auth and the simple query protocol. Enough for a proxy endpoint; use psycopg for anything more."""
import base64
import hashlib
import hmac
import json
import os
import socket
import ssl
import struct

_TYPES = {16: lambda v: v == "t", 20: int, 21: int, 23: int, 26: int, 700: float, 701: float, 114: json.loads, 3802: json.loads}


class PgError(Exception):
    def __init__(self, fields):
        self.fields = fields
        super().__init__(f"{fields.get('S', 'ERROR')} {fields.get('C', '')}: {fields.get('M', 'unknown error')}")


class Connection:
    def __init__(self, host, port, user, password, database, sslmode="prefer", timeout=10.0):
        self.user, self.password = user, password
        self.sock = socket.create_connection((host, port), timeout=timeout)
        if sslmode != "disable":
            self._start_tls(host, sslmode)
        params = {"user": user, "database": database, "application_name": "lambda-blueprint", "client_encoding": "UTF8"}
        body = struct.pack("!i", 196608) + b"".join(k.encode() + b"\0" + v.encode() + b"\0" for k, v in params.items()) + b"\0"
        self.sock.sendall(struct.pack("!i", len(body) + 4) + body)
        self._authenticate()

    def _start_tls(self, host, sslmode):
        self.sock.sendall(struct.pack("!ii", 8, 80877103))
        answer = self._recv_exact(1)
        if answer == b"S":
            ctx = ssl.create_default_context()
            if sslmode != "verify-full":
                # 'require' encrypts without checking the certificate, as libpq does.
                ctx.check_hostname = False
                ctx.verify_mode = ssl.CERT_NONE
            self.sock = ctx.wrap_socket(self.sock, server_hostname=host)
        elif sslmode in ("require", "verify-full"):
            raise PgError({"M": "server does not support TLS but DB_SSLMODE requires it"})

    def _recv_exact(self, n):
        buf = b""
        while len(buf) < n:
            chunk = self.sock.recv(n - len(buf))
            if not chunk:
                raise PgError({"M": "connection closed by server"})
            buf += chunk
        return buf

    def _read(self):
        kind, length = struct.unpack("!ci", self._recv_exact(5))
        return kind, self._recv_exact(length - 4)

    def _send(self, kind, payload):
        self.sock.sendall(kind + struct.pack("!i", len(payload) + 4) + payload)

    def _authenticate(self):
        scram = None
        while True:
            kind, data = self._read()
            if kind == b"E":
                raise PgError(_fields(data))
            if kind == b"Z":
                return
            if kind != b"R":
                continue  # ParameterStatus, BackendKeyData, notices
            code = struct.unpack("!i", data[:4])[0]
            if code == 3:
                self._send(b"p", self.password.encode() + b"\0")
            elif code == 5:
                inner = hashlib.md5((self.password + self.user).encode()).hexdigest()
                self._send(b"p", b"md5" + hashlib.md5(inner.encode() + data[4:8]).hexdigest().encode() + b"\0")
            elif code == 10:
                if b"SCRAM-SHA-256\0" not in data[4:]:
                    raise PgError({"M": "server offers no supported SASL mechanism"})
                scram = _Scram(self.password)
                first = scram.client_first().encode()
                self._send(b"p", b"SCRAM-SHA-256\0" + struct.pack("!i", len(first)) + first)
            elif code == 11 and scram:
                self._send(b"p", scram.client_final(data[4:].decode()).encode())
            elif code == 12 and scram:
                scram.verify_server(data[4:].decode())
            elif code != 0:
                raise PgError({"M": f"unsupported authentication method {code}"})

    def query(self, sql):
        """Runs one statement; returns (command tag, column names, rows as dicts)."""
        self._send(b"Q", sql.encode() + b"\0")
        columns, types, rows, tag, error = [], [], [], None, None
        while True:
            kind, data = self._read()
            if kind == b"T":
                columns, types = _row_description(data)
            elif kind == b"D":
                rows.append(dict(zip(columns, _data_row(data, types))))
            elif kind == b"C":
                tag = data.rstrip(b"\0").decode()
            elif kind == b"E":
                error = PgError(_fields(data))
            elif kind == b"Z":
                if error:
                    raise error
                return tag, columns, rows

    def close(self):
        try:
            self._send(b"X", b"")
        finally:
            self.sock.close()


class _Scram:
    def __init__(self, password):
        self.password = password.encode()
        self.nonce = base64.b64encode(os.urandom(18)).decode()

    def client_first(self):
        self.first_bare = f"n=,r={self.nonce}"
        return "n,," + self.first_bare

    def client_final(self, server_first):
        attrs = dict(part.split("=", 1) for part in server_first.split(","))
        if not attrs["r"].startswith(self.nonce):
            raise PgError({"M": "SCRAM nonce mismatch"})
        salted = hashlib.pbkdf2_hmac("sha256", self.password, base64.b64decode(attrs["s"]), int(attrs["i"]))
        client_key = hmac.new(salted, b"Client Key", hashlib.sha256).digest()
        without_proof = f"c=biws,r={attrs['r']}"
        self.auth_message = f"{self.first_bare},{server_first},{without_proof}".encode()
        signature = hmac.new(hashlib.sha256(client_key).digest(), self.auth_message, hashlib.sha256).digest()
        proof = bytes(a ^ b for a, b in zip(client_key, signature))
        self.server_key = hmac.new(salted, b"Server Key", hashlib.sha256).digest()
        return f"{without_proof},p={base64.b64encode(proof).decode()}"

    def verify_server(self, server_final):
        expected = hmac.new(self.server_key, self.auth_message, hashlib.sha256).digest()
        if not hmac.compare_digest(base64.b64encode(expected).decode(), server_final.strip().removeprefix("v=")):
            raise PgError({"M": "server signature mismatch (SCRAM)"})


def _fields(data):
    out = {}
    for part in data.split(b"\0"):
        if part:
            out[chr(part[0])] = part[1:].decode(errors="replace")
    return out


def _row_description(data):
    count = struct.unpack("!h", data[:2])[0]
    pos, columns, types = 2, [], []
    for _ in range(count):
        end = data.index(b"\0", pos)
        columns.append(data[pos:end].decode())
        types.append(struct.unpack("!i", data[end + 7:end + 11])[0])
        pos = end + 19
    return columns, types


def _data_row(data, types):
    count = struct.unpack("!h", data[:2])[0]
    pos, values = 2, []
    for i in range(count):
        length = struct.unpack("!i", data[pos:pos + 4])[0]
        pos += 4
        if length < 0:
            values.append(None)
            continue
        text = data[pos:pos + length].decode()
        pos += length
        values.append(_TYPES.get(types[i] if i < len(types) else 0, str)(text))
    return values
