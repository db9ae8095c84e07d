"""The main read and write calls of every service the local engine serves, through boto3.

Run by boto3.spec.ts against a test engine: endpoint, key and a fresh suffix for names come from
the environment. Prints one JSON document of what a user observes; the spec asserts on it.
"""
import io
import json
import os
import sys
import time
import zipfile
from datetime import datetime, timedelta, timezone

import boto3
import botocore
from botocore.config import Config
from botocore.exceptions import ClientError

ENDPOINT = os.environ["ENGINE_ENDPOINT"]
SUFFIX = os.environ["NAME_SUFFIX"]
session = boto3.session.Session(
    aws_access_key_id=os.environ["ENGINE_ACCESS_KEY_ID"],
    aws_secret_access_key=os.environ["ENGINE_SECRET_ACCESS_KEY"],
    region_name="us-east-1",
)
CONFIG = Config(retries={"max_attempts": 1}, s3={"addressing_style": "path"})


def client(name):
    return session.client(name, endpoint_url=ENDPOINT, config=CONFIG)


def error_of(call):
    try:
        call()
    except ClientError as e:
        return {
            "code": e.response["Error"]["Code"],
            "message": e.response["Error"].get("Message"),
            "status": e.response["ResponseMetadata"]["HTTPStatusCode"],
        }
    return None


out = {"botocore": botocore.__version__}
now = datetime.now(timezone.utc)

# Lambda (rest-json): create, wait until active, invoke, read.
lam = client("lambda")
fn = f"boto-{SUFFIX}"
buf = io.BytesIO()
with zipfile.ZipFile(buf, "w") as z:
    z.writestr("index.mjs", "export const handler = async (e) => ({ echo: e });\n")
created = lam.create_function(
    FunctionName=fn,
    Runtime="nodejs20.x",
    Handler="index.handler",
    Role="arn:aws:iam::123456789012:role/lambda-role",
    Code={"ZipFile": buf.getvalue()},
)
for _ in range(300):
    c = lam.get_function_configuration(FunctionName=fn)
    if c["State"] != "Pending":
        break
    time.sleep(0.05)
inv = lam.invoke(FunctionName=fn, Payload=json.dumps({"n": 1}).encode())
out["lambda"] = {
    "created": created["FunctionName"],
    "state": c["State"],
    "invoke": json.loads(inv["Payload"].read()),
    "listed": fn in [f["FunctionName"] for f in lam.list_functions()["Functions"]],
    "missing": error_of(lambda: lam.get_function(FunctionName=f"{fn}-missing")),
}

# CloudWatch Logs (json): a group, a stream, an event, read back.
logs = client("logs")
group = f"/boto/{SUFFIX}"
logs.create_log_group(logGroupName=group)
logs.create_log_stream(logGroupName=group, logStreamName="s")
ts = int(time.time() * 1000)
logs.put_log_events(
    logGroupName=group, logStreamName="s", logEvents=[{"timestamp": ts, "message": "hello"}]
)
out["logs"] = {
    "events": [e["message"] for e in logs.get_log_events(logGroupName=group, logStreamName="s")["events"]],
    "exists": error_of(lambda: logs.create_log_group(logGroupName=group)),
}

# CloudWatch metrics (query with botocore 1.26, json with later botocore): the invoke above.
cw = client("cloudwatch")
sent = []
cw.meta.events.register(
    "before-send.cloudwatch.*",
    lambda request, **_: sent.append(request.headers.get("Content-Type", b"")),
)
dims = [{"Name": "FunctionName", "Value": fn}]
listed = cw.list_metrics(Namespace="AWS/Lambda", MetricName="Invocations", Dimensions=dims)
stats = cw.get_metric_statistics(
    Namespace="AWS/Lambda",
    MetricName="Invocations",
    Dimensions=dims,
    StartTime=now - timedelta(hours=1),
    EndTime=now + timedelta(minutes=5),
    Period=3600,
    Statistics=["Sum"],
)
data = cw.get_metric_data(
    MetricDataQueries=[
        {
            "Id": "inv",
            "MetricStat": {
                "Metric": {"Namespace": "AWS/Lambda", "MetricName": "Invocations", "Dimensions": dims},
                "Period": 60,
                "Stat": "Sum",
            },
        }
    ],
    StartTime=now - timedelta(hours=1),
    EndTime=now + timedelta(minutes=5),
)
out["cloudwatch"] = {
    # What went on the wire: the query form (older botocore), JSON or CBOR (later ones).
    "contentTypes": sorted({t.decode() if isinstance(t, bytes) else t for t in sent}),
    "listed": len(listed["Metrics"]),
    "sum": sum(d["Sum"] for d in stats["Datapoints"]),
    "dataSum": sum(data["MetricDataResults"][0]["Values"]),
    "timestamp": data["MetricDataResults"][0]["Timestamps"][0].isoformat(),
    "badPeriod": error_of(
        lambda: cw.get_metric_statistics(
            Namespace="AWS/Lambda",
            MetricName="Invocations",
            StartTime=now - timedelta(hours=1),
            EndTime=now,
            Period=7,
            Statistics=["Sum"],
        )
    ),
}

# S3 (rest-xml): a bucket, an object, read back.
s3 = client("s3")
bucket = f"boto-{SUFFIX}"
s3.create_bucket(Bucket=bucket)
s3.put_object(Bucket=bucket, Key="a/b.txt", Body=b"object body")
out["s3"] = {
    "body": s3.get_object(Bucket=bucket, Key="a/b.txt")["Body"].read().decode(),
    "keys": [o["Key"] for o in s3.list_objects_v2(Bucket=bucket).get("Contents", [])],
    "missing": error_of(lambda: s3.get_object(Bucket=bucket, Key="nope")),
}

# Secrets Manager (json).
sm = client("secretsmanager")
secret = f"boto-{SUFFIX}"
sm.create_secret(Name=secret, SecretString="s3cret")
out["secretsmanager"] = {
    "value": sm.get_secret_value(SecretId=secret)["SecretString"],
    "missing": error_of(lambda: sm.get_secret_value(SecretId=f"{secret}-missing")),
}

# EFS (rest-json).
efs = client("efs")
fs = efs.create_file_system(CreationToken=f"boto-{SUFFIX}", Tags=[{"Key": "Name", "Value": secret}])
out["efs"] = {
    "described": [
        f["FileSystemId"] for f in efs.describe_file_systems(FileSystemId=fs["FileSystemId"])["FileSystems"]
    ]
    == [fs["FileSystemId"]],
    "name": fs.get("Name"),
}

# Signer (rest-json).
signer = client("signer")
profile = f"boto_{SUFFIX}".replace("-", "_")
signer.put_signing_profile(profileName=profile, platformId="AWSLambda-SHA384-ECDSA")
out["signer"] = {
    "platform": signer.get_signing_profile(profileName=profile)["platformId"],
    "missing": error_of(lambda: signer.get_signing_profile(profileName=f"{profile}_missing")),
}

# RDS (query): a validation error and a read; the spec creates an instance only with the CLI.
rds = client("rds")
out["rds"] = {
    "instances": [d["DBInstanceIdentifier"] for d in rds.describe_db_instances()["DBInstances"]],
    "missing": error_of(lambda: rds.describe_db_instances(DBInstanceIdentifier=f"boto-{SUFFIX}")),
    "badEngine": error_of(
        lambda: rds.create_db_instance(
            DBInstanceIdentifier=f"boto-{SUFFIX}",
            Engine="oracle-ee",
            DBInstanceClass="db.t3.micro",
            MasterUsername="u",
            MasterUserPassword="password1",
        )
    ),
}

# CloudTrail (json): the writes above, by name.
ct = client("cloudtrail")
events = ct.lookup_events(MaxResults=50)["Events"]
out["cloudtrail"] = {"names": sorted({e["EventName"] for e in events})}

json.dump(out, sys.stdout, default=str)
