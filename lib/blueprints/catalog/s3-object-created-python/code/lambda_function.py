"""S3 ObjectCreated notifications. Keys arrive URL-encoded ('+' for spaces): always unquote_plus."""
import mimetypes
import os
from urllib.parse import unquote_plus

PREFIX = os.environ.get("KEY_PREFIX", "")
SUFFIXES = tuple(s.strip().lower() for s in os.environ.get("ALLOWED_SUFFIXES", "").split(",") if s.strip())


def lambda_handler(event, context):
    processed, skipped = [], []
    for record in event.get("Records", []):
        if not record.get("eventName", "").startswith("ObjectCreated:"):
            continue
        bucket = record["s3"]["bucket"]["name"]
        key = unquote_plus(record["s3"]["object"]["key"])
        if not key.startswith(PREFIX):
            skipped.append({"key": key, "reason": "outside prefix"})
            continue
        if SUFFIXES and not key.lower().endswith(SUFFIXES):
            skipped.append({"key": key, "reason": "suffix not allowed"})
            continue
        # To read the object: boto3.client("s3").get_object(Bucket=bucket, Key=key)["Body"].read()
        content_type = mimetypes.guess_type(key)[0] or "application/octet-stream"
        print(f"new object s3://{bucket}/{key} ({record['s3']['object'].get('size', 0)} bytes, {content_type})")
        processed.append({"bucket": bucket, "key": key, "size": record["s3"]["object"].get("size", 0), "contentType": content_type})
    return {"processed": processed, "skipped": skipped}
