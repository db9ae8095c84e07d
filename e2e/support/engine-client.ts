import fs from "node:fs";
import path from "node:path";
import { zipSync } from "fflate";
import {
  CreateFunctionCommand,
  DeleteFunctionCommand,
  LambdaClient,
  type CreateFunctionCommandInput,
} from "@aws-sdk/client-lambda";
import { E2E_DATA_DIR, E2E_ENGINE_PORT, E2E_ROOT } from "./env";

/** An SDK client for the e2e engine, with the keys the engine wrote into its data dir. */
export function engineLambdaClient(): LambdaClient {
  const file = path.join(E2E_ROOT, E2E_DATA_DIR, "engine-credentials.json");
  const creds = JSON.parse(fs.readFileSync(file, "utf8")) as {
    accessKeyId: string;
    secretAccessKey: string;
  };
  return new LambdaClient({
    endpoint: `http://127.0.0.1:${E2E_ENGINE_PORT}`,
    region: "us-east-1",
    credentials: creds,
    maxAttempts: 1,
  });
}

const HANDLER = zipSync({
  "index.mjs": Buffer.from("export const handler = async (event) => ({ ok: true, event });\n"),
});

/** Seeds a function through the real Lambda API, as any SDK user would. */
export async function createTestFunction(
  lambda: LambdaClient,
  name: string,
  extra: Partial<CreateFunctionCommandInput> = {},
): Promise<void> {
  await lambda.send(
    new CreateFunctionCommand({
      FunctionName: name,
      Runtime: "nodejs20.x",
      Handler: "index.handler",
      Role: "arn:aws:iam::000000000000:role/e2e-role",
      Code: { ZipFile: HANDLER },
      ...extra,
    }),
  );
}

export async function deleteFunctions(lambda: LambdaClient, names: string[]): Promise<void> {
  for (const name of names) {
    await lambda.send(new DeleteFunctionCommand({ FunctionName: name })).catch(() => undefined);
  }
}
