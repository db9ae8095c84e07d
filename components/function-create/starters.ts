import { CURRENT_RUNTIMES } from "@/lib/lambda-rules/runtimes";

/**
 * Runtimes offered when authoring from scratch: the current ones with a starter (Node.js,
 * Python, OS-only), newest first within a family.
 */
export const CREATE_RUNTIMES = CURRENT_RUNTIMES.filter((r) => /^(nodejs|python|provided)/.test(r));

export interface Starter {
  handler: string;
  files: Record<string, { content: string; executable?: boolean }>;
}

const NODE: Starter = {
  handler: "index.handler",
  files: {
    "index.mjs": {
      content: `export const handler = async (event, context) => {
  console.log("event", JSON.stringify(event));
  return {
    statusCode: 200,
    body: JSON.stringify({ message: "Hello from Lambda!", requestId: context.awsRequestId }),
  };
};
`,
    },
  },
};

const PYTHON: Starter = {
  handler: "lambda_function.lambda_handler",
  files: {
    "lambda_function.py": {
      content: `import json


def lambda_handler(event, context):
    print("event", json.dumps(event))
    return {
        "statusCode": 200,
        "body": json.dumps({"message": "Hello from Lambda!", "requestId": context.aws_request_id}),
    }
`,
    },
  },
};

// A custom runtime speaks the Runtime API itself: the smallest loop that does, in POSIX sh + curl.
const PROVIDED: Starter = {
  handler: "function.handler",
  files: {
    bootstrap: {
      executable: true,
      content: `#!/bin/sh
set -eu
API="http://\${AWS_LAMBDA_RUNTIME_API}/2018-06-01/runtime"
. "\${LAMBDA_TASK_ROOT}/\${_HANDLER%.*}.sh"
HEADERS=$(mktemp)
while true; do
  EVENT=$(curl -sS -D "$HEADERS" "$API/invocation/next")
  REQUEST_ID=$(grep -i "^Lambda-Runtime-Aws-Request-Id:" "$HEADERS" | cut -d: -f2- | tr -d ' \\r')
  "\${_HANDLER##*.}" "$EVENT" | curl -sS -X POST "$API/invocation/$REQUEST_ID/response" --data-binary @- >/dev/null
done
`,
    },
    "function.sh": {
      content: `handler() {
  echo "event: $1" >&2
  echo '{"message":"Hello from a custom runtime!"}'
}
`,
    },
  },
};

/** The starter code file(s) for a runtime, with the handler they define. */
export function starterFor(runtime: string): Starter {
  if (runtime.startsWith("python")) return PYTHON;
  if (runtime.startsWith("provided")) return PROVIDED;
  return NODE;
}
