/**
 * What the Extensions API specs (lib/engine/extensions/extension*.spec.ts) do through the SDK:
 * publish extension layers, create functions running the telemetry reader, invoke with the log
 * tail, read a function's log group.
 */
import {
  CreateFunctionCommand,
  InvokeCommand,
  PublishLayerVersionCommand,
  type CreateFunctionCommandInput,
} from "@aws-sdk/client-lambda";
import { FilterLogEventsCommand } from "@aws-sdk/client-cloudwatch-logs";
import { createInput, logsClientFor, makeZip, type TestEngine } from "./lambda";
import { settled } from "./settled";
import { NODE_EXTENSION, SHELL_EXTENSION, TELEMETRY_READER } from "./test-extensions";

/** The calls, on `t()` at call time (so they follow `t.restart()`). */
export function extensionCalls(t: () => TestEngine) {
  const publish = async (name: string, files: Parameters<typeof makeZip>[0]): Promise<string> => {
    const r = await t().lambda.send(
      new PublishLayerVersionCommand({ LayerName: name, Content: { ZipFile: makeZip(files) } }),
    );
    return r.LayerVersionArn ?? "";
  };
  return {
    publish,

    /** The shell-ext and node-ext layers (test-extensions.ts): their ARNs. */
    publishTestExtensions: async () => ({
      shell: await publish("shell-ext", { "extensions/shell-ext": [SHELL_EXTENSION, 0o755] }),
      node: await publish("node-ext", { "extensions/node-ext": [NODE_EXTENSION, 0o755] }),
    }),

    /** Creates a function running the telemetry reader (Timeout 5) and waits until it settled. */
    create: async (name: string, extra: Partial<CreateFunctionCommandInput>): Promise<void> => {
      await t().lambda.send(
        new CreateFunctionCommand(
          createInput(name, {
            Code: { ZipFile: makeZip({ "index.js": TELEMETRY_READER }) },
            Timeout: 5,
            ...extra,
          }),
        ),
      );
      await settled(t().lambda, name);
    },

    invoke: async (name: string, payload: unknown = {}) => {
      const r = await t().lambda.send(
        new InvokeCommand({
          FunctionName: name,
          Payload: Buffer.from(JSON.stringify(payload)),
          LogType: "Tail",
        }),
      );
      return {
        functionError: r.FunctionError,
        body: JSON.parse(Buffer.from(r.Payload ?? []).toString() || "null") as Record<
          string,
          unknown
        >,
        tail: Buffer.from(r.LogResult ?? "", "base64").toString(),
      };
    },

    /** Every message of the function's log group, in order. */
    messages: async (name: string): Promise<string[]> => {
      const logs = logsClientFor(t().engine);
      try {
        const out = await logs.send(
          new FilterLogEventsCommand({ logGroupName: `/aws/lambda/${name}` }),
        );
        return (out.events ?? []).map((e) => e.message ?? "");
      } finally {
        logs.destroy();
      }
    },
  };
}

/** The index of the first line matching `re`, or -1. */
export const indexOf = (lines: string[], re: RegExp) => lines.findIndex((l) => re.test(l));
