import { describe, expect } from "vitest";
import {
  CreateFunctionCommand,
  GetFunctionRecursionConfigCommand,
  GetRuntimeManagementConfigCommand,
  InvokeAsyncCommand,
  InvokeWithResponseStreamCommand,
  ListTagsCommand,
  PublishVersionCommand,
  PutFunctionRecursionConfigCommand,
  PutRuntimeManagementConfigCommand,
  type InvokeWithResponseStreamResponseEvent,
} from "@aws-sdk/client-lambda";
import { ARN, createInput, failure, makeZip, type TestEngine } from "@/test/support/lambda";
import { settled } from "@/test/support/settled";
import { engineTest } from "@/test/support/fixtures";

const STREAMING = `
export const handler = awslambda.streamifyResponse(async (event, stream) => {
  if (event.fail) throw new Error("stream broke");
  stream.setContentType("text/plain");
  for (const w of ["one ", "two ", "three"]) {
    stream.write(w);
    if (event.slow) await new Promise((r) => setTimeout(r, 1000));
  }
  stream.end();
});
`;

let t: TestEngine;
const test = engineTest("stream-");

test.beforeAll(async ({ testEngine }) => {
  t = testEngine;
  await t.lambda.send(
    new CreateFunctionCommand(
      createInput("streamer", {
        Code: { ZipFile: makeZip({ "index.mjs": STREAMING }) },
        Tags: { team: "a" },
      }),
    ),
  );
  await t.lambda.send(new CreateFunctionCommand(createInput("plain")));
  await settled(t.lambda, "streamer");
  await settled(t.lambda, "plain");
}, 60_000);

async function collect(stream: AsyncIterable<InvokeWithResponseStreamResponseEvent> | undefined) {
  let text = "";
  let complete: InvokeWithResponseStreamResponseEvent["InvokeComplete"];
  for await (const e of stream ?? []) {
    if (e.PayloadChunk?.Payload) text += Buffer.from(e.PayloadChunk.Payload).toString();
    if (e.InvokeComplete) complete = e.InvokeComplete;
  }
  return { text, complete };
}

describe("InvokeWithResponseStream", () => {
  test("streams a streamifyResponse handler's writes as PayloadChunks, then InvokeComplete", async () => {
    const r = await t.lambda.send(
      new InvokeWithResponseStreamCommand({ FunctionName: "streamer", Payload: Buffer.from("{}") }),
    );
    expect(r.StatusCode).toBe(200);
    expect(r.ExecutedVersion).toBe("$LATEST");
    const { text, complete } = await collect(r.EventStream);
    expect(text).toBe("one two three");
    expect(complete).toEqual({});
  });

  test("sends each piece as the function writes it, not at the end", async () => {
    const r = await t.lambda.send(
      new InvokeWithResponseStreamCommand({
        FunctionName: "streamer",
        Payload: Buffer.from('{"slow":true}'),
      }),
    );
    const seen: { text: string; at: number }[] = [];
    for await (const e of r.EventStream ?? []) {
      if (e.PayloadChunk?.Payload)
        seen.push({ text: Buffer.from(e.PayloadChunk.Payload).toString(), at: performance.now() });
    }
    expect(seen.map((s) => s.text).join("")).toBe("one two three");
    expect(seen.length).toBeGreaterThanOrEqual(3);
    // The function waits a second after each write: the first piece came well before the last.
    expect((seen.at(-1)?.at ?? 0) - (seen[0]?.at ?? 0)).toBeGreaterThan(1500);
  });

  test("reports a handler's error in InvokeComplete (from the runtime's trailers)", async () => {
    const r = await t.lambda.send(
      new InvokeWithResponseStreamCommand({
        FunctionName: "streamer",
        Payload: Buffer.from('{"fail":true}'),
      }),
    );
    const { complete } = await collect(r.EventStream);
    expect(complete?.ErrorCode).toBe("Error");
    expect(JSON.parse(complete?.ErrorDetails ?? "{}")).toMatchObject({
      errorMessage: "stream broke",
    });
  });

  test("a buffered handler's response arrives as one chunk; Tail adds LogResult", async () => {
    const r = await t.lambda.send(
      new InvokeWithResponseStreamCommand({
        FunctionName: "plain",
        Payload: Buffer.from('{"a":1}'),
        LogType: "Tail",
      }),
    );
    const { text, complete } = await collect(r.EventStream);
    expect(JSON.parse(text)).toEqual({ ok: true, e: { a: 1 } });
    expect(Buffer.from(complete?.LogResult ?? "", "base64").toString()).toContain(
      "REPORT RequestId",
    );
  });

  test("refuses Event and a missing function as AWS does", async () => {
    const ev = await failure(
      t.lambda.send(
        new InvokeWithResponseStreamCommand({
          FunctionName: "plain",
          InvocationType: "Event" as never,
        }),
      ),
    );
    expect(ev.name).toBe("ValidationException");
    const missing = await failure(
      t.lambda.send(new InvokeWithResponseStreamCommand({ FunctionName: "nope" })),
    );
    expect(missing).toMatchObject({ name: "ResourceNotFoundException", status: 404 });
  });
});

describe("InvokeAsync (legacy)", () => {
  test("answers 202 with Status; a missing function is ResourceNotFound", async () => {
    const r = await t.lambda.send(
      new InvokeAsyncCommand({ FunctionName: "plain", InvokeArgs: Buffer.from('{"async":true}') }),
    );
    expect(r.Status).toBe(202);
    const missing = await failure(
      t.lambda.send(
        new InvokeAsyncCommand({ FunctionName: "nope", InvokeArgs: Buffer.from("{}") }),
      ),
    );
    expect(missing.name).toBe("ResourceNotFoundException");
  });
});

describe("configuration operations deploy tools read", () => {
  test("recursion config: Terminate by default; Put stores Allow; bad values and qualified names refused", async () => {
    expect(
      (await t.lambda.send(new GetFunctionRecursionConfigCommand({ FunctionName: "plain" })))
        .RecursiveLoop,
    ).toBe("Terminate");
    const put = await t.lambda.send(
      new PutFunctionRecursionConfigCommand({ FunctionName: "plain", RecursiveLoop: "Allow" }),
    );
    expect(put.RecursiveLoop).toBe("Allow");
    expect(
      (await t.lambda.send(new GetFunctionRecursionConfigCommand({ FunctionName: ARN("plain") })))
        .RecursiveLoop,
    ).toBe("Allow");
    const bad = await failure(
      t.lambda.send(
        new PutFunctionRecursionConfigCommand({
          FunctionName: "plain",
          RecursiveLoop: "Maybe" as never,
        }),
      ),
    );
    expect(bad.message).toContain("Member must satisfy enum value set: [Allow, Terminate]");
    const missing = await failure(
      t.lambda.send(new GetFunctionRecursionConfigCommand({ FunctionName: "nope" })),
    );
    expect(missing.name).toBe("ResourceNotFoundException");
  });

  test("runtime management: Auto by default; Manual needs a RuntimeVersionArn; per version", async () => {
    const d = await t.lambda.send(new GetRuntimeManagementConfigCommand({ FunctionName: "plain" }));
    expect(d).toMatchObject({ UpdateRuntimeOn: "Auto", FunctionArn: ARN("plain") });
    expect(d.RuntimeVersionArn).toBeUndefined();
    const noArn = await failure(
      t.lambda.send(
        new PutRuntimeManagementConfigCommand({ FunctionName: "plain", UpdateRuntimeOn: "Manual" }),
      ),
    );
    expect(noArn.name).toBe("InvalidParameterValueException");
    const badArn = await failure(
      t.lambda.send(
        new PutRuntimeManagementConfigCommand({
          FunctionName: "plain",
          UpdateRuntimeOn: "Manual",
          RuntimeVersionArn: "arn:aws:lambda:us-east-1:123:function:x",
        }),
      ),
    );
    expect(badArn.name).toBe("ValidationException");
    const arn =
      "arn:aws:lambda:us-east-1::runtime:0b8b3d9fc5e8d1b5c8e5ad8c3d5a1b8e7f6a2c4d1e9b3f7a5c2d8e4b6a1f3c9d";
    const put = await t.lambda.send(
      new PutRuntimeManagementConfigCommand({
        FunctionName: "plain",
        UpdateRuntimeOn: "Manual",
        RuntimeVersionArn: arn,
      }),
    );
    expect(put).toEqual(
      expect.objectContaining({ UpdateRuntimeOn: "Manual", RuntimeVersionArn: arn }),
    );
    await t.lambda.send(new PublishVersionCommand({ FunctionName: "plain" }));
    expect(
      (
        await t.lambda.send(
          new GetRuntimeManagementConfigCommand({ FunctionName: "plain", Qualifier: "1" }),
        )
      ).FunctionArn,
    ).toBe(`${ARN("plain")}:1`);
    expect(
      (await t.lambda.send(new GetRuntimeManagementConfigCommand({ FunctionName: "plain" })))
        .RuntimeVersionArn,
    ).toBe(arn);
    const noVersion = await failure(
      t.lambda.send(
        new GetRuntimeManagementConfigCommand({ FunctionName: "plain", Qualifier: "9" }),
      ),
    );
    expect(noVersion.name).toBe("ResourceNotFoundException");
  });

  test("ListTags answers for a function ARN", async () => {
    const r = await t.lambda.send(new ListTagsCommand({ Resource: ARN("streamer") }));
    expect(r.Tags).toEqual({ team: "a" });
  });
});
