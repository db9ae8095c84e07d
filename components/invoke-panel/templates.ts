/** Sample events of common sources, as the AWS console's Test tab offers them (trimmed). */
export const EVENT_TEMPLATES: Record<string, unknown> = {
  "Hello world": { key1: "value1", key2: "value2", key3: "value3" },
  "API Gateway HTTP API (v2)": {
    version: "2.0",
    routeKey: "GET /hello",
    rawPath: "/hello",
    rawQueryString: "name=me",
    headers: { accept: "application/json", host: "example.execute-api.us-east-1.amazonaws.com" },
    queryStringParameters: { name: "me" },
    requestContext: {
      http: {
        method: "GET",
        path: "/hello",
        protocol: "HTTP/1.1",
        sourceIp: "192.0.2.1",
        userAgent: "curl/8",
      },
      requestId: "c6af9ac6-7b61-11e6-9a41-93e8deadbeef",
      routeKey: "GET /hello",
      stage: "$default",
      timeEpoch: 1700000000000,
    },
    isBase64Encoded: false,
  },
  "SQS message": {
    Records: [
      {
        messageId: "059f36b4-87a3-44ab-83d2-661975830a7d",
        receiptHandle: "AQEBwJnKyrHigUMZj6rYigCgxlaS3SLy0a",
        body: "Hello from SQS!",
        attributes: { ApproximateReceiveCount: "1", SentTimestamp: "1545082649183" },
        messageAttributes: {},
        eventSource: "aws:sqs",
        eventSourceARN: "arn:aws:sqs:us-east-1:123456789012:my-queue",
        awsRegion: "us-east-1",
      },
    ],
  },
  "SNS notification": {
    Records: [
      {
        EventSource: "aws:sns",
        EventVersion: "1.0",
        Sns: {
          Type: "Notification",
          MessageId: "95df01b4-ee98-5cb9-9903-4c221d41eb5e",
          TopicArn: "arn:aws:sns:us-east-1:123456789012:my-topic",
          Subject: "example subject",
          Message: "example message",
          Timestamp: "1970-01-01T00:00:00.000Z",
          MessageAttributes: {},
        },
      },
    ],
  },
  "S3 put": {
    Records: [
      {
        eventVersion: "2.1",
        eventSource: "aws:s3",
        awsRegion: "us-east-1",
        eventTime: "1970-01-01T00:00:00.000Z",
        eventName: "ObjectCreated:Put",
        s3: {
          bucket: { name: "example-bucket", arn: "arn:aws:s3:::example-bucket" },
          object: { key: "test/key", size: 1024, eTag: "0123456789abcdef0123456789abcdef" },
        },
      },
    ],
  },
  "EventBridge scheduled event": {
    version: "0",
    id: "53dc4d37-cffa-4f76-80c9-8b7d4a4d2eaa",
    "detail-type": "Scheduled Event",
    source: "aws.events",
    account: "123456789012",
    time: "2015-10-08T16:53:06Z",
    region: "us-east-1",
    resources: ["arn:aws:events:us-east-1:123456789012:rule/my-scheduled-rule"],
    detail: {},
  },
  "DynamoDB stream": {
    Records: [
      {
        eventID: "1",
        eventName: "INSERT",
        eventSource: "aws:dynamodb",
        awsRegion: "us-east-1",
        dynamodb: {
          Keys: { Id: { N: "101" } },
          NewImage: { Message: { S: "New item!" }, Id: { N: "101" } },
          StreamViewType: "NEW_AND_OLD_IMAGES",
          SequenceNumber: "111",
          SizeBytes: 26,
        },
        eventSourceARN:
          "arn:aws:dynamodb:us-east-1:123456789012:table/ExampleTable/stream/2015-06-27T00:48:05.899",
      },
    ],
  },
};
