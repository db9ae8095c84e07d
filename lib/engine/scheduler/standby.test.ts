import { describe, expect, it } from "vitest";
import { lambdaNodeFlags } from "../runtimes/index";
import { makeTarget, tempRoot } from "@/test/support/invoke/targets";
import { standbyKeyFor } from "./standby";
import { HOST_NODE_MAJOR } from "../runtimes/nodejs/node-runtime";

describe("Lambda's Node heap flags", () => {
  it("follow the Node.js bootstrap: new space = memory / 10, semi half of it, old the rest", () => {
    expect(lambdaNodeFlags(128)).toEqual([
      "--expose-gc",
      "--max-http-header-size",
      "81920",
      "--max-semi-space-size=6",
      "--max-old-space-size=116",
    ]);
    expect(lambdaNodeFlags(1024).slice(3)).toEqual([
      "--max-semi-space-size=51",
      "--max-old-space-size=922",
    ]);
    expect(lambdaNodeFlags(10240).slice(3)).toEqual([
      "--max-semi-space-size=512",
      "--max-old-space-size=9216",
    ]);
  });
});

describe("standbyKeyFor", () => {
  const root = tempRoot("standby-key-");
  const t = (o: Partial<Parameters<typeof makeTarget>[1]>) =>
    makeTarget(root, { name: "f", runtime: "nodejs20.x", files: {}, ...o });

  it("keys Node.js zip functions by memory and ephemeral storage size", () => {
    expect(standbyKeyFor(t({ memory: 256 }))).toEqual({
      memoryMb: 256,
      tmpSizeMb: 512,
      ...(HOST_NODE_MAJOR === 20 ? {} : { nodeMajor: 20 }),
    });
    expect(standbyKeyFor(t({ runtime: "nodejs22.x", env: { GREETING: "hi" } }))).toEqual({
      memoryMb: 128,
      tmpSizeMb: 512,
      // Issue 19: nodejs22.x runs on Node.js 22; its standbys too, apart from the host's major.
      ...(HOST_NODE_MAJOR === 22 ? {} : { nodeMajor: 22 }),
    });
  });

  it("leaves other runtimes and boot-time variables to the normal path", () => {
    expect(standbyKeyFor(t({ runtime: "python3.12" }))).toBeUndefined();
    expect(standbyKeyFor(t({ runtime: "provided.al2023" }))).toBeUndefined();
    for (const k of ["NODE_OPTIONS", "NODE_EXTRA_CA_CERTS", "UV_THREADPOOL_SIZE", "LD_PRELOAD"])
      expect(standbyKeyFor(t({ env: { [k]: "x" } }))).toBeUndefined();
  });
});
