/**
 * Real extensions for the specs (no network beyond the sandbox's own APIs): a shell one on
 * curl and a Node.js one with a Telemetry API listener. Each is an executable of a layer's
 * extensions/ directory, as Lambda runs them.
 */

/**
 * Shell: registers for INVOKE and SHUTDOWN, logs every event; after an INVOKE it takes
 * EXT_POST_S seconds before its next Next; EXT_MODE=crash exits 1 before registering, initerror
 * reports Extension.ConfigInvalid, slowinit never registers, hang never calls Next after an INVOKE, crashoninvoke exits 2 on
 * its first INVOKE.
 */
export const SHELL_EXTENSION = `#!/bin/sh
API="http://$AWS_LAMBDA_RUNTIME_API/2020-01-01/extension"
NAME=$(basename "$0")
echo "[$NAME] starting"
[ "$EXT_MODE" = crash ] && { echo "[$NAME] crashing"; exit 1; }
[ "$EXT_MODE" = slowinit ] && sleep 100000
ID=$(curl -sS -D - -o /dev/null -X POST -H "Lambda-Extension-Name: $NAME" \\
  -d '{"events":["INVOKE","SHUTDOWN"]}' "$API/register" | tr -d '\\r' | sed -n 's/^[Ll]ambda-[Ee]xtension-[Ii]dentifier: //p')
echo "[$NAME] registered $ID"
if [ "$EXT_MODE" = initerror ]; then
  curl -sS -o /dev/null -X POST -H "Lambda-Extension-Identifier: $ID" \\
    -H "Lambda-Extension-Function-Error-Type: Extension.ConfigInvalid" -d '{}' "$API/init/error"
  exit 0
fi
while true; do
  EVENT=$(curl -sS -H "Lambda-Extension-Identifier: $ID" "$API/event/next") || exit 3
  echo "[$NAME] event $EVENT"
  case "$EVENT" in
    *SHUTDOWN*) echo "[$NAME] shutting down"; exit 0 ;;
  esac
  [ "$EXT_MODE" = hang ] && sleep 100000
  [ "$EXT_MODE" = crashoninvoke ] && { echo "[$NAME] crashing on invoke"; exit 2; }
  [ -n "$EXT_POST_S" ] && sleep "$EXT_POST_S"
done
`;

/**
 * Node.js: registers, subscribes to all three telemetry streams with a listener on the
 * sandbox's loopback, and appends each event it receives to /tmp/telemetry.jsonl (the function
 * reads it back). Prints its identifier; with EXT_STEAL_ID it also tries that identifier and
 * logs what the API answered.
 */
export const NODE_EXTENSION = `#!/usr/bin/node
const http = require("node:http");
const fs = require("node:fs");
const api = "http://" + process.env.AWS_LAMBDA_RUNTIME_API;
const name = require("node:path").basename(__filename);
const port = Number(process.env.EXT_TELEMETRY_PORT || 4243);
const call = async (path, init) => {
  const r = await fetch(api + path, init);
  return { status: r.status, id: r.headers.get("lambda-extension-identifier"), body: await r.text() };
};
http
  .createServer((req, res) => {
    let body = "";
    req.on("data", (c) => (body += c));
    req.on("end", () => {
      for (const e of JSON.parse(body)) fs.appendFileSync("/tmp/telemetry.jsonl", JSON.stringify(e) + "\\n");
      res.end("OK");
    });
  })
  .listen(port, "sandbox.localdomain", async () => {
    const reg = await call("/2020-01-01/extension/register", {
      method: "POST",
      headers: { "Lambda-Extension-Name": name, "Lambda-Extension-Accept-Feature": "accountId" },
      body: JSON.stringify({ events: ["INVOKE", "SHUTDOWN"] }),
    });
    console.log("[" + name + "] registered " + reg.id + " " + reg.body);
    const sub = await call("/2022-07-01/telemetry", {
      method: "PUT",
      headers: { "Lambda-Extension-Identifier": reg.id },
      body: JSON.stringify({
        schemaVersion: "2022-07-01",
        types: ["platform", "function", "extension"],
        buffering: { maxItems: 1000, maxBytes: 262144, timeoutMs: 25 },
        destination: { protocol: "HTTP", URI: "http://sandbox.localdomain:" + port + "/telemetry" },
      }),
    });
    console.log("[" + name + "] subscribed " + sub.status + " " + sub.body);
    if (process.env.EXT_STEAL_ID) {
      const stolen = await call("/2020-01-01/extension/init/error", {
        method: "POST",
        headers: {
          "Lambda-Extension-Identifier": process.env.EXT_STEAL_ID,
          "Lambda-Extension-Function-Error-Type": "Extension.Stolen",
        },
      });
      console.log("[" + name + "] stolen id answered " + stolen.status + " " + stolen.body);
    }
    for (;;) {
      const ev = await call("/2020-01-01/extension/event/next", {
        headers: { "Lambda-Extension-Identifier": reg.id },
      });
      const event = JSON.parse(ev.body);
      console.log("[" + name + "] " + event.eventType + " " + (event.requestId || event.shutdownReason));
      if (event.eventType === "SHUTDOWN") process.exit(0);
    }
  });
`;

/** A Node.js handler that returns the telemetry the Node.js extension has written so far. */
export const TELEMETRY_READER = `
const fs = require("node:fs");
exports.handler = async (event) => {
  console.log("handler says hello", JSON.stringify(event));
  if (event.sleepMs) await new Promise((r) => setTimeout(r, event.sleepMs));
  let lines = [];
  try { lines = fs.readFileSync("/tmp/telemetry.jsonl", "utf8").trim().split("\\n"); } catch {}
  return {
    telemetry: lines.filter(Boolean).map((l) => JSON.parse(l)),
    wrapped: process.env.WRAPPED_BY ?? null,
    preloaded: globalThis.preloaded ?? null,
  };
};
`;

/** Registers for INVOKE and prints "<name> saw INVOKE" for each; EXIT_ON=<name> exits 5 on its second. */
export const COUNTING_EXTENSION = `#!/bin/sh
API="http://$AWS_LAMBDA_RUNTIME_API/2020-01-01/extension"
NAME=$(basename "$0")
ID=$(curl -sS -D - -o /dev/null -X POST -H "Lambda-Extension-Name: $NAME" \\
  -d '{"events":["INVOKE"]}' "$API/register" | tr -d '\\r' | sed -n 's/^[Ll]ambda-[Ee]xtension-[Ii]dentifier: //p')
n=0
while true; do
  curl -sS -o /dev/null -H "Lambda-Extension-Identifier: $ID" "$API/event/next" || exit 3
  n=$((n + 1))
  echo "$NAME saw INVOKE"
  [ "$EXIT_ON" = "$NAME" ] && [ "$n" = 2 ] && exit 5
done
`;
