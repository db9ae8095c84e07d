import { describe, expect, vi } from "vitest";
import {
  CreateAliasCommand,
  CreateFunctionCommand,
  DeleteProvisionedConcurrencyConfigCommand,
  GetProvisionedConcurrencyConfigCommand,
  InvokeCommand,
  ListProvisionedConcurrencyConfigsCommand,
  PublishVersionCommand,
  PutFunctionConcurrencyCommand,
  PutProvisionedConcurrencyConfigCommand,
  type GetProvisionedConcurrencyConfigCommandOutput,
} from "@aws-sdk/client-lambda";
import { ARN, createInput, failure, makeZip, type TestEngine } from "@/test/support/lambda";
import { settled } from "@/test/support/settled";
import { engineTest } from "@/test/support/fixtures";

let t: TestEngine;

const PC = makeZip({
  "index.mjs":
    "const initType = process.env.AWS_LAMBDA_INITIALIZATION_TYPE;\nexport const handler = async (e) => { await new Promise((r) => setTimeout(r, e.sleep ?? 0)); return { initType, pid: process.pid }; };\n",
});
const BAD = makeZip({
  "index.mjs": 'throw new Error("init fails");\nexport const handler = async () => 1;\n',
});

const tail = (r: { LogResult?: string }) => Buffer.from(r.LogResult ?? "", "base64").toString();
const body = (r: { Payload?: Uint8Array }) =>
  JSON.parse(Buffer.from(r.Payload ?? new Uint8Array()).toString()) as {
    initType: string;
    pid: number;
  };

async function until(
  name: string,
  qualifier: string,
  status: string,
): Promise<GetProvisionedConcurrencyConfigCommandOutput> {
  return vi.waitFor(
    async () => {
      const c = await t.lambda.send(
        new GetProvisionedConcurrencyConfigCommand({ FunctionName: name, Qualifier: qualifier }),
      );
      if (c.Status !== status)
        throw new Error(`${name}:${qualifier} is ${c.Status}, not ${status}`);
      return c;
    },
    { timeout: 15_000, interval: 100 },
  );
}

const test = engineTest("provisioned-spec-");

test.beforeAll(async ({ testEngine }) => {
  t = testEngine;
  await t.lambda.send(
    new CreateFunctionCommand(createInput("pc", { Code: { ZipFile: PC }, Timeout: 10 })),
  );
  await settled(t.lambda, "pc");
  await t.lambda.send(new PublishVersionCommand({ FunctionName: "pc" }));
  await t.lambda.send(
    new CreateAliasCommand({ FunctionName: "pc", Name: "live", FunctionVersion: "1" }),
  );
  await t.lambda.send(new CreateFunctionCommand(createInput("bad", { Code: { ZipFile: BAD } })));
  await settled(t.lambda, "bad");
  await t.lambda.send(new PublishVersionCommand({ FunctionName: "bad" }));
});

describe("provisioned concurrency", () => {
  test("is refused on $LATEST and for 0, and is not found before it is set", async () => {
    expect(
      await failure(
        t.lambda.send(
          new PutProvisionedConcurrencyConfigCommand({
            FunctionName: "pc",
            Qualifier: "$LATEST",
            ProvisionedConcurrentExecutions: 1,
          }),
        ),
      ),
    ).toEqual({
      name: "InvalidParameterValueException",
      status: 400,
      message:
        "Provisioned Concurrency Configs cannot be applied to unpublished function versions.",
    });
    expect(
      await failure(
        t.lambda.send(
          new PutProvisionedConcurrencyConfigCommand({
            FunctionName: "pc",
            Qualifier: "1",
            ProvisionedConcurrentExecutions: 0,
          }),
        ),
      ),
    ).toEqual({
      name: "ValidationException",
      status: 400,
      message:
        "1 validation error detected: Value '0' at 'provisionedConcurrentExecutions' failed to satisfy constraint: Member must have value greater than or equal to 1",
    });
    expect(
      await failure(
        t.lambda.send(
          new GetProvisionedConcurrencyConfigCommand({ FunctionName: "pc", Qualifier: "live" }),
        ),
      ),
    ).toEqual({
      name: "ProvisionedConcurrencyConfigNotFoundException",
      status: 404,
      message: "No Provisioned Concurrency Config found for this function",
    });
  });

  test("initialises environments ahead (IN_PROGRESS → READY); invokes have no Init Duration until they spill over", async () => {
    const put = await t.lambda.send(
      new PutProvisionedConcurrencyConfigCommand({
        FunctionName: "pc",
        Qualifier: "live",
        ProvisionedConcurrentExecutions: 2,
      }),
    );
    expect(put.$metadata.httpStatusCode).toBe(202);
    expect(put).toMatchObject({
      RequestedProvisionedConcurrentExecutions: 2,
      Status: "IN_PROGRESS",
    });
    const ready = await until("pc", "live", "READY");
    expect(ready).toMatchObject({
      RequestedProvisionedConcurrentExecutions: 2,
      AllocatedProvisionedConcurrentExecutions: 2,
      AvailableProvisionedConcurrentExecutions: 2,
    });
    const one = await t.lambda.send(
      new InvokeCommand({ FunctionName: "pc", Qualifier: "live", LogType: "Tail" }),
    );
    expect(body(one).initType).toBe("provisioned-concurrency");
    expect(tail(one)).toContain("REPORT RequestId:");
    expect(tail(one)).not.toContain("Init Duration");
    // Three at once against two provisioned: one spills over to an on-demand cold start.
    const three = await Promise.all(
      [0, 1, 2].map(() =>
        t.lambda.send(
          new InvokeCommand({
            FunctionName: "pc",
            Qualifier: "live",
            LogType: "Tail",
            Payload: Buffer.from('{"sleep":700}'),
          }),
        ),
      ),
    );
    const types = three.map((r) => body(r).initType).sort();
    expect(types).toEqual(["on-demand", "provisioned-concurrency", "provisioned-concurrency"]);
    const spill = three.find((r) => body(r).initType === "on-demand");
    expect(spill && tail(spill)).toContain("Init Duration");
    const list = await t.lambda.send(
      new ListProvisionedConcurrencyConfigsCommand({ FunctionName: "pc" }),
    );
    expect(list.ProvisionedConcurrencyConfigs).toEqual([
      expect.objectContaining({
        FunctionArn: `${ARN("pc")}:live`,
        Status: "READY",
        RequestedProvisionedConcurrentExecutions: 2,
      }),
    ]);
  });

  test("counts against the reservation, and a failing init ends FAILED with a reason", async () => {
    expect(
      (
        await failure(
          t.lambda.send(
            new PutFunctionConcurrencyCommand({
              FunctionName: "pc",
              ReservedConcurrentExecutions: 1,
            }),
          ),
        )
      ).name,
    ).toBe("InvalidParameterValueException");
    await t.lambda.send(
      new PutFunctionConcurrencyCommand({ FunctionName: "bad", ReservedConcurrentExecutions: 1 }),
    );
    expect(
      (
        await failure(
          t.lambda.send(
            new PutProvisionedConcurrencyConfigCommand({
              FunctionName: "bad",
              Qualifier: "1",
              ProvisionedConcurrentExecutions: 2,
            }),
          ),
        )
      ).message,
    ).toBe(
      "Requested Provisioned Concurrency should not be greater than the reservedConcurrentExecution for function",
    );
    await t.lambda.send(
      new PutProvisionedConcurrencyConfigCommand({
        FunctionName: "bad",
        Qualifier: "1",
        ProvisionedConcurrentExecutions: 1,
      }),
    );
    const failed = await until("bad", "1", "FAILED");
    expect(failed.StatusReason).toBe("FUNCTION_ERROR_INIT_FAILED");
  });

  test("is recreated at engine start, and deleted on request", async () => {
    await t.restart();
    await until("pc", "live", "READY");
    const r = await t.lambda.send(
      new InvokeCommand({ FunctionName: "pc", Qualifier: "1", LogType: "Tail" }),
    );
    expect(body(r).initType).toBe("provisioned-concurrency");
    expect(tail(r)).not.toContain("Init Duration");
    await t.lambda.send(
      new DeleteProvisionedConcurrencyConfigCommand({ FunctionName: "pc", Qualifier: "live" }),
    );
    expect(
      (
        await failure(
          t.lambda.send(
            new GetProvisionedConcurrencyConfigCommand({ FunctionName: "pc", Qualifier: "live" }),
          ),
        )
      ).status,
    ).toBe(404);
    const after = await t.lambda.send(new InvokeCommand({ FunctionName: "pc", Qualifier: "live" }));
    expect(body(after).initType).toBe("on-demand");
  });
});
