import http from "node:http";
import type net from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ExtensionsApi } from "./extensions-api";

const api = new ExtensionsApi(
  {
    functionName: "f",
    functionVersion: "$LATEST",
    handler: "index.handler",
    accountId: "123456789012",
  },
  ["ext-a"],
);
let server: http.Server;
let base = "";

beforeAll(async () => {
  server = http.createServer((req, res) => {
    const parts: Buffer[] = [];
    req.on("data", (c: Buffer) => parts.push(c));
    req.on("end", () => {
      if (!api.handle(req, res, Buffer.concat(parts))) res.writeHead(404).end();
    });
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  base = `http://127.0.0.1:${(server.address() as net.AddressInfo).port}/2020-01-01/extension`;
});
afterAll(() => {
  api.close();
  server.closeAllConnections();
  server.close();
});

async function call(path: string, init: RequestInit = {}) {
  const r = await fetch(base + path, init);
  return {
    status: r.status,
    id: r.headers.get("lambda-extension-identifier"),
    body: (await r.json()) as Record<string, unknown>,
  };
}

const register = (name: string, events: unknown, headers: Record<string, string> = {}) =>
  call("/register", {
    method: "POST",
    headers: { "Lambda-Extension-Name": name, ...headers },
    body: JSON.stringify({ events }),
  });

describe("Extensions API 2020-01-01", () => {
  it("registers an extension of /opt/extensions and answers with the function's facts", async () => {
    const r = await register("ext-a", ["INVOKE", "SHUTDOWN"]);
    expect(r.status).toBe(200);
    expect(r.id).toMatch(/^[0-9a-f-]{36}$/);
    expect(r.body).toEqual({
      functionName: "f",
      functionVersion: "$LATEST",
      handler: "index.handler",
    });
  });

  it("refuses what Lambda refuses, with its error types", async () => {
    expect((await register("", ["INVOKE"])).body).toMatchObject({
      errorType: "Extension.InvalidExtensionName",
    });
    expect((await register("ext-b", ["BOOT"])).body).toMatchObject({
      errorType: "Extension.InvalidEventType",
    });
    // Internal extensions (not an executable of /opt/extensions) cannot take SHUTDOWN.
    expect((await register("internal", ["SHUTDOWN"])).body).toMatchObject({
      errorType: "Extension.InvalidEventType",
    });
    expect((await register("ext-a", ["INVOKE"])).body).toMatchObject({
      errorType: "Extension.InvalidExtensionState",
    });
    expect((await call("/event/next")).body).toMatchObject({
      errorType: "Extension.MissingExtensionIdentifier",
    });
    expect(
      (await call("/event/next", { headers: { "Lambda-Extension-Identifier": "x" } })).body,
    ).toMatchObject({
      errorType: "Extension.InvalidExtensionIdentifier",
    });
    const unknown = await call("/event/next", {
      headers: { "Lambda-Extension-Identifier": "00000000-0000-4000-8000-000000000000" },
    });
    expect(unknown.status).toBe(403);
    expect(unknown.body).toMatchObject({ errorType: "Extension.UnknownExtensionIdentifier" });
  });

  it("an internal extension registers while registration is open, with accountId on request", async () => {
    const r = await register("internal", ["INVOKE"], {
      "Lambda-Extension-Accept-Feature": "accountId",
    });
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ accountId: "123456789012" });
    api.closeRegistration();
    expect((await register("late", ["INVOKE"])).body).toMatchObject({
      errorType: "Extension.RegistrationClosed",
    });
  });

  it("delivers INVOKE to a parked Next; exit/error is recorded as the first failure", async () => {
    const a = api.byName("ext-a");
    const next = call("/event/next", { headers: { "Lambda-Extension-Identifier": a?.id ?? "" } });
    await expect.poll(() => a?.state).toBe("Ready");
    api.deliver("INVOKE", { eventType: "INVOKE", requestId: "r1" });
    expect((await next).body).toEqual({ eventType: "INVOKE", requestId: "r1" });
    const missing = await call("/exit/error", {
      method: "POST",
      headers: { "Lambda-Extension-Identifier": a?.id ?? "" },
    });
    expect(missing.body).toMatchObject({ errorType: "Extension.MissingHeader" });
    const exit = await call("/exit/error", {
      method: "POST",
      headers: {
        "Lambda-Extension-Identifier": a?.id ?? "",
        "Lambda-Extension-Function-Error-Type": "Extension.Broken",
      },
    });
    expect(exit.status).toBe(202);
    expect(api.failure?.errorType).toBe("Extension.ExitError");
  });
});
