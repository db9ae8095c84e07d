"""Runs QUERY against PostgreSQL through a database proxy (RDS Proxy on AWS).
The connection is opened per invocation on purpose: the proxy pools them, the function does not."""
import os
import time

from pgwire import Connection

QUERY = os.environ.get(
    "QUERY",
    "SELECT current_database() AS database, current_user AS user_name, now()::text AS server_time, 1 + 1 AS two",
)


def lambda_handler(event, context):
    started = time.monotonic()
    conn = Connection(
        host=os.environ["DB_HOST"],
        port=int(os.environ.get("DB_PORT", "5432")),
        user=os.environ["DB_USER"],
        password=os.environ.get("DB_PASSWORD", ""),
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
