import { afterAll, describe, expect } from "vitest";
import {
  CreateFunctionCommand,
  DeleteFunctionCommand,
  GetFunctionCommand,
  GetFunctionConcurrencyCommand,
  GetFunctionConfigurationCommand,
  InvokeCommand,
  LambdaClient,
  ListFunctionsCommand,
  PutFunctionConcurrencyCommand,
  UpdateFunctionConfigurationCommand,
  type FunctionConfiguration,
} from "@aws-sdk/client-lambda";
import {
  CloudWatchLogsClient,
  CreateLogGroupCommand,
  CreateLogStreamCommand,
  GetLogEventsCommand,
  PutLogEventsCommand,
} from "@aws-sdk/client-cloudwatch-logs";
import type { SessionCredentials } from "../credentials";
import { ARN, ROLE, createInput, failure, type TestEngine } from "@/test/support/lambda";
import { settled } from "@/test/support/settled";
import { engineTest } from "@/test/support/fixtures";
import { engineCredentials } from "@/test/support/client-config";

/**
 * The session credentials an execution environment gets are scoped to its function: invoke any
 * function, write its own log group, nothing else. Issued here straight from the engine's
 * CredentialRegistry, as the environment gets them.
 */

let t: TestEngine;
let a: FunctionConfiguration;
let creds: SessionCredentials;
let lambdaAsA: LambdaClient;
let logsAsA: CloudWatchLogsClient;
let logsAsRoot: CloudWatchLogsClient;

type Credentials = { accessKeyId: string; secretAccessKey: string; sessionToken?: string };
const clientConfig = (credentials: Credentials) => ({
  endpoint: t.engine.endpoint,
  region: "us-east-1",
  credentials,
  maxAttempts: 1,
});

/** AWS's AccessDenied message for function A's role session. */
const denial = (action: string, resource: string) =>
  `User: arn:aws:sts::123456789012:assumed-role/lambda-role/fn-a is not authorized to perform: ${action} on resource: ${resource} because no identity-based policy allows the ${action} action`;

const test = engineTest("fn-creds-");

test.beforeAll(async ({ testEngine }) => {
  t = testEngine;
  await t.lambda.send(new CreateFunctionCommand(createInput("fn-a")));
  await t.lambda.send(
    new CreateFunctionCommand(
      createInput("fn-b", { Environment: { Variables: { DB_PASSWORD: "b-secret" } } }),
    ),
  );
  a = await settled(t.lambda, "fn-a");
  await settled(t.lambda, "fn-b");
  creds = t.engine.credentials.issue({
    functionName: "fn-a",
    functionArn: a.FunctionArn ?? "",
    roleArn: a.Role ?? "",
    logGroup: a.LoggingConfig?.LogGroup ?? "",
  });
  lambdaAsA = new LambdaClient(clientConfig(creds));
  logsAsA = new CloudWatchLogsClient(clientConfig(creds));
  logsAsRoot = new CloudWatchLogsClient(clientConfig(engineCredentials(t.engine)));
});

afterAll(async () => {
  lambdaAsA?.destroy();
  logsAsA?.destroy();
  logsAsRoot?.destroy();
});

describe("a function's session credentials", () => {
  test("cannot read, change or delete another function: AccessDenied with AWS's message", async () => {
    expect(a.Role).toBe(ROLE);
    const b = ARN("fn-b");
    const cases: [string, Promise<unknown>][] = [
      ["lambda:GetFunction", lambdaAsA.send(new GetFunctionCommand({ FunctionName: "fn-b" }))],
      [
        "lambda:GetFunctionConfiguration",
        lambdaAsA.send(new GetFunctionConfigurationCommand({ FunctionName: "fn-b" })),
      ],
      [
        "lambda:UpdateFunctionConfiguration",
        lambdaAsA.send(
          new UpdateFunctionConfigurationCommand({ FunctionName: "fn-b", Description: "owned" }),
        ),
      ],
      [
        "lambda:PutFunctionConcurrency",
        lambdaAsA.send(
          new PutFunctionConcurrencyCommand({
            FunctionName: "fn-b",
            ReservedConcurrentExecutions: 0,
          }),
        ),
      ],
      [
        "lambda:DeleteFunction",
        lambdaAsA.send(new DeleteFunctionCommand({ FunctionName: "fn-b" })),
      ],
    ];
    for (const [action, call] of cases) {
      expect(await failure(call), action).toEqual({
        name: "AccessDeniedException",
        status: 403,
        message: denial(action, b),
      });
    }
    // A partial ARN with a qualifier names the same function, qualified; listing is account-wide.
    expect(
      await failure(
        lambdaAsA.send(new GetFunctionCommand({ FunctionName: "000000000000:function:fn-b:1" })),
      ),
    ).toMatchObject({ status: 403, message: denial("lambda:GetFunction", `${b}:1`) });
    expect(await failure(lambdaAsA.send(new ListFunctionsCommand({})))).toMatchObject({
      status: 403,
      message: denial("lambda:ListFunctions", "*"),
    });
    // Its own configuration (and so its own secrets) is no more readable than another's.
    expect(
      await failure(lambdaAsA.send(new GetFunctionConfigurationCommand({ FunctionName: "fn-a" }))),
    ).toMatchObject({
      status: 403,
      message: denial("lambda:GetFunctionConfiguration", ARN("fn-a")),
    });

    // Nothing happened to B.
    const after = await t.lambda.send(new GetFunctionCommand({ FunctionName: "fn-b" }));
    expect(after.Configuration?.Description).toBe("");
    expect(after.Configuration?.Environment?.Variables).toEqual({ DB_PASSWORD: "b-secret" });
    const concurrency = await t.lambda.send(
      new GetFunctionConcurrencyCommand({ FunctionName: "fn-b" }),
    );
    expect(concurrency.ReservedConcurrentExecutions).toBeUndefined();
  });

  test("answers the denial in Lambda's error shape", async () => {
    const err = await lambdaAsA
      .send(new GetFunctionCommand({ FunctionName: "fn-b" }))
      .then(() => undefined)
      .catch((e: unknown) => e as { Type?: string; $response?: unknown });
    expect(err).toMatchObject({ name: "AccessDeniedException", Type: "User" });
  });

  test("can invoke another function", async () => {
    const out = await lambdaAsA.send(
      new InvokeCommand({ FunctionName: "fn-b", Payload: JSON.stringify({ from: "a" }) }),
    );
    expect(out.StatusCode).toBe(200);
    expect(out.FunctionError, Buffer.from(out.Payload ?? []).toString()).toBeUndefined();
    expect(JSON.parse(Buffer.from(out.Payload ?? []).toString())).toEqual({
      ok: true,
      e: { from: "a" },
    });
  });

  test("writes its own log group, and not another function's", async () => {
    const own = a.LoggingConfig?.LogGroup ?? "";
    expect(own).toBe("/aws/lambda/fn-a");
    const created = await logsAsA.send(new CreateLogGroupCommand({ logGroupName: own })).then(
      () => "created",
      (e: Error) => e.name,
    );
    expect(["created", "ResourceAlreadyExistsException"]).toContain(created);
    await logsAsA.send(new CreateLogStreamCommand({ logGroupName: own, logStreamName: "mine" }));
    await logsAsA.send(
      new PutLogEventsCommand({
        logGroupName: own,
        logStreamName: "mine",
        logEvents: [{ timestamp: Date.now(), message: "from fn-a" }],
      }),
    );
    const mine = await logsAsRoot.send(
      new GetLogEventsCommand({ logGroupName: own, logStreamName: "mine", startFromHead: true }),
    );
    expect(mine.events?.map((e) => e.message)).toEqual(["from fn-a"]);

    // B's group exists (so the denial is not a missing group); A may not write to it.
    const other = "/aws/lambda/fn-b";
    await logsAsRoot
      .send(new CreateLogGroupCommand({ logGroupName: other }))
      .catch((e: Error) => expect(e.name).toBe("ResourceAlreadyExistsException"));
    await logsAsRoot.send(new CreateLogStreamCommand({ logGroupName: other, logStreamName: "b" }));
    const groupArn = `arn:aws:logs:us-east-1:000000000000:log-group:${other}:*`;
    expect(
      await failure(
        logsAsA.send(
          new PutLogEventsCommand({
            logGroupName: other,
            logStreamName: "b",
            logEvents: [{ timestamp: Date.now(), message: "forged" }],
          }),
        ),
      ),
    ).toEqual({
      name: "AccessDeniedException",
      status: 403,
      message: denial("logs:PutLogEvents", groupArn),
    });
    expect(
      await failure(
        logsAsA.send(new CreateLogStreamCommand({ logGroupName: other, logStreamName: "x" })),
      ),
    ).toMatchObject({ status: 403, message: denial("logs:CreateLogStream", groupArn) });
    // Reading logs is not part of the role either, its own group included.
    expect(
      await failure(
        logsAsA.send(new GetLogEventsCommand({ logGroupName: own, logStreamName: "mine" })),
      ),
    ).toMatchObject({
      name: "AccessDeniedException",
      status: 403,
      message: denial(
        "logs:GetLogEvents",
        `arn:aws:logs:us-east-1:000000000000:log-group:${own}:*`,
      ),
    });
    const theirs = await logsAsRoot.send(
      new GetLogEventsCommand({ logGroupName: other, logStreamName: "b", startFromHead: true }),
    );
    expect(theirs.events).toEqual([]);
  });

  test("stop working once revoked", async () => {
    t.engine.credentials.revoke(creds.accessKeyId);
    expect(
      await failure(lambdaAsA.send(new InvokeCommand({ FunctionName: "fn-b" }))),
    ).toMatchObject({ name: "UnrecognizedClientException", status: 403 });
  });
});

describe("the engine's own key", () => {
  test("still does everything", async () => {
    const got = await t.lambda.send(new GetFunctionCommand({ FunctionName: "fn-b" }));
    expect(got.Configuration?.Environment?.Variables).toEqual({ DB_PASSWORD: "b-secret" });
    await t.lambda.send(
      new UpdateFunctionConfigurationCommand({ FunctionName: "fn-b", Description: "root" }),
    );
    expect((await settled(t.lambda, "fn-b")).Description).toBe("root");
    await t.lambda.send(
      new PutFunctionConcurrencyCommand({ FunctionName: "fn-b", ReservedConcurrentExecutions: 5 }),
    );
    const out = await t.lambda.send(new InvokeCommand({ FunctionName: "fn-b" }));
    expect(out.StatusCode).toBe(200);
    await t.lambda.send(new DeleteFunctionCommand({ FunctionName: "fn-b" }));
    expect(
      await failure(t.lambda.send(new GetFunctionCommand({ FunctionName: "fn-b" }))),
    ).toMatchObject({ name: "ResourceNotFoundException", status: 404 });
  });
});
