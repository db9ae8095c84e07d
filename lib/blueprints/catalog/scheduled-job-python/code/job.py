"""Runs on an EventBridge schedule; the event's `time` is when the rule fired (UTC)."""
import os
from datetime import datetime, timedelta, timezone

JOB_NAME = os.environ.get("JOB_NAME", "scheduled-job")
WINDOW = timedelta(minutes=int(os.environ.get("WINDOW_MINUTES", "60")))


def _iso(dt):
    return dt.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def handler(event, context):
    if event.get("detail-type") not in ("Scheduled Event", None):
        raise ValueError(f"not a scheduled event: {event.get('detail-type')}")
    fired = event.get("time")
    # Use the schedule's time, not the clock: a retried or late run still covers the same window.
    end = datetime.fromisoformat(fired.replace("Z", "+00:00")) if fired else datetime.now(timezone.utc)
    start = end - WINDOW
    rule_arn = (event.get("resources") or [""])[0]
    rule = rule_arn.rsplit("/", 1)[-1] if rule_arn else None

    # Replace with the real work: delete expired rows, roll up metrics, send a digest...
    print(f"{JOB_NAME}: processing {_iso(start)} .. {_iso(end)} (rule {rule})")

    return {"job": JOB_NAME, "rule": rule, "windowStart": _iso(start), "windowEnd": _iso(end), "status": "done"}
