"""Hello world: the event is any JSON; `name` is optional."""
import os

GREETING = os.environ.get("GREETING", "Hello")


def lambda_handler(event, context):
    name = event.get("name") if isinstance(event, dict) else None
    if not isinstance(name, str) or not name.strip():
        name = "world"
    name = name.strip()
    print(f"Greeting {name}")
    return {
        "message": f"{GREETING}, {name}!",
        "function_name": context.function_name,
        "function_version": context.function_version,
        "request_id": context.aws_request_id,
        "memory_limit_in_mb": int(context.memory_limit_in_mb),
        "remaining_time_ms": context.get_remaining_time_in_millis(),
    }
