"""SNS subscription handler. SNS retries a failed delivery, so raise only for retryable errors."""
import json
import os

PAGE_ON = {s.strip() for s in os.environ.get("PAGE_ON", "critical").split(",") if s.strip()}


def _parse(message):
    try:
        return json.loads(message)
    except ValueError:
        return message


def lambda_handler(event, context):
    notifications = []
    for record in event.get("Records", []):
        sns = record["Sns"]
        attributes = sns.get("MessageAttributes") or {}
        severity = attributes.get("severity", {}).get("Value", "info")
        action = "page" if severity in PAGE_ON else "log"
        topic = sns["TopicArn"].rsplit(":", 1)[-1]
        print(f"[{severity}] {topic}: {sns.get('Subject') or '(no subject)'} -> {action}")
        notifications.append({
            "messageId": sns["MessageId"],
            "topic": topic,
            "subject": sns.get("Subject"),
            "severity": severity,
            "action": action,
            "message": _parse(sns["Message"]),
        })
    return {"notifications": notifications}
