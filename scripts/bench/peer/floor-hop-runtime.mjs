// The second process of floor-hop-server.mjs: the bench handler's answer ({ ok: true }) for each
// invoke, over the Runtime API (argv: rapi host:port) or a unix socket (argv: raw path).
import net from "node:net";
import { rapiCall } from "./rapi-call.mjs";

const [mode, where] = process.argv.slice(2);
const handler = async () => ({ ok: true });

if (mode === "raw") {
  const c = net.connect(where);
  let buf = "";
  c.setEncoding("utf8");
  c.on("data", async (d) => {
    buf += d;
    for (let i = buf.indexOf("\n"); i >= 0; i = buf.indexOf("\n")) {
      const line = buf.slice(0, i);
      buf = buf.slice(i + 1);
      const space = line.indexOf(" ");
      const out = await handler(JSON.parse(line.slice(space + 1) || "{}"));
      c.write(`${line.slice(0, space)} ${JSON.stringify(out)}\n`);
    }
  });
  c.on("close", () => process.exit(0));
} else {
  const call = rapiCall(where);
  for (;;) {
    const next = await call("GET", "/2018-06-01/runtime/invocation/next").catch(() =>
      process.exit(0),
    );
    const id = next.headers["lambda-runtime-aws-request-id"];
    const out = await handler(JSON.parse(next.body || "{}"));
    await call("POST", `/2018-06-01/runtime/invocation/${id}/response`, JSON.stringify(out));
  }
}
