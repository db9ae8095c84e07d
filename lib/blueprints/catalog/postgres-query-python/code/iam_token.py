"""IAM authentication token for RDS / RDS Proxy, as `aws rds generate-db-auth-token` and boto3's
generate_db_auth_token make it: a SigV4 presigned `rds-db` connect URL, valid 15 minutes, signed
with the function's own credentials (its role needs rds-db:connect). Standard library only."""
import datetime
import hashlib
import hmac
import os
import urllib.parse


def _quote(s):
    return urllib.parse.quote(s, safe="-_.~")


def generate_auth_token(host, port, user, region=None, now=None):
    region = region or os.environ.get("AWS_REGION") or os.environ["AWS_DEFAULT_REGION"]
    key_id = os.environ["AWS_ACCESS_KEY_ID"]
    secret = os.environ["AWS_SECRET_ACCESS_KEY"]
    session_token = os.environ.get("AWS_SESSION_TOKEN")
    now = now or datetime.datetime.now(datetime.timezone.utc)
    amz_date = now.strftime("%Y%m%dT%H%M%SZ")
    scope = "%s/%s/rds-db/aws4_request" % (amz_date[:8], region)
    params = {
        "Action": "connect",
        "DBUser": user,
        "X-Amz-Algorithm": "AWS4-HMAC-SHA256",
        "X-Amz-Credential": "%s/%s" % (key_id, scope),
        "X-Amz-Date": amz_date,
        "X-Amz-Expires": "900",
        "X-Amz-SignedHeaders": "host",
    }
    if session_token:
        params["X-Amz-Security-Token"] = session_token
    query = "&".join("%s=%s" % (_quote(k), _quote(v)) for k, v in sorted(params.items()))
    host_port = "%s:%s" % (host, port)
    canonical = "\n".join(["GET", "/", query, "host:" + host_port, "", "host", "UNSIGNED-PAYLOAD"])
    to_sign = "\n".join(
        ["AWS4-HMAC-SHA256", amz_date, scope, hashlib.sha256(canonical.encode()).hexdigest()]
    )
    key = ("AWS4" + secret).encode()
    for part in (amz_date[:8], region, "rds-db", "aws4_request"):
        key = hmac.new(key, part.encode(), hashlib.sha256).digest()
    signature = hmac.new(key, to_sign.encode(), hashlib.sha256).hexdigest()
    return "%s/?%s&X-Amz-Signature=%s" % (host_port, query, signature)
