"""Runs QUERY against PostgreSQL through a database proxy (RDS Proxy on AWS).
The connection is opened per invocation on purpose: the proxy pools them, the function does not."""
import os
import time

from iam_token import generate_auth_token
from pgwire import Connection

QUERY = os.environ.get(
    "QUERY",
    "SELECT current_database() AS database, current_user AS user_name, now()::text AS server_time, 1 + 1 AS two",
)


def lambda_handler(event, context):
    started = time.monotonic()
    host = os.environ["DB_HOST"]
    port = int(os.environ.get("DB_PORT", "5432"))
    user = os.environ["DB_USER"]
    # A password when one is set; otherwise IAM authentication with the function's own role.
    password = os.environ.get("DB_PASSWORD") or generate_auth_token(host, port, user)
    conn = Connection(
        host=host,
        port=port,
        user=user,
        password=password,
        database=os.environ.get("DB_NAME", "postgres"),
        sslmode=os.environ.get("DB_SSLMODE", "prefer"),
    )
    try:
        command, columns, rows = conn.query(QUERY)
    finally:
        conn.close()
    return {
        "command": command,
        "columns": columns,
        "rowCount": len(rows),
        "rows": rows,
        "elapsedMs": round((time.monotonic() - started) * 1000),
    }
