// Invokes TARGET_FUNCTION_NAME with the SDK the Node.js runtime ships. The client is built
// once per environment so warm invocations reuse its connections.
import { LambdaClient, InvokeCommand } from "@aws-sdk/client-lambda";

const client = new LambdaClient({});
const target = process.env.TARGET_FUNCTION_NAME;

export const handler = async (event) => {
  if (!target) throw new Error("Set TARGET_FUNCTION_NAME to the function to call");
  const out = await client.send(
    new InvokeCommand({
      FunctionName: target,
      InvocationType: "RequestResponse",
      Payload: new TextEncoder().encode(JSON.stringify(event?.payload ?? {})),
    }),
  );
  const text = out.Payload ? new TextDecoder().decode(out.Payload) : "null";
  // A handled error still answers 200; FunctionError tells it apart from a result.
  return {
    target,
    statusCode: out.StatusCode,
    executedVersion: out.ExecutedVersion,
    functionError: out.FunctionError ?? null,
    result: JSON.parse(text),
  };
};
