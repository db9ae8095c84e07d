// Floor (c'), Lambda Runtime API style: a fresh node process loads the ESM handler, pulls one event from
// AWS_LAMBDA_RUNTIME_API (GET .../invocation/next) and posts the result back (POST .../response).
import http from "node:http";
import { pathToFileURL } from "node:url";
const mod = await import(pathToFileURL(process.argv[2]).href);
const [host, port] = process.env.AWS_LAMBDA_RUNTIME_API.split(":");
const agent = new http.Agent({ keepAlive: true });
const call = (method, path, body) =>
  new Promise((resolve, reject) => {
    const req = http.request(
      {
        host,
        port,
        method,
        path,
        agent,
        headers: body
          ? { "content-type": "application/json", "content-length": Buffer.byteLength(body) }
          : {},
      },
      (res) => {
        const chunks = [];
        res.on("data", (c) => chunks.push(c));
        res.on("end", () =>
          resolve({ headers: res.headers, body: Buffer.concat(chunks).toString() }),
        );
      },
    );
    req.on("error", reject);
    req.end(body);
  });
const next = await call("GET", "/2018-06-01/runtime/invocation/next");
const id = next.headers["lambda-runtime-aws-request-id"];
const out = await mod.hello(JSON.parse(next.body || "{}"));
await call("POST", `/2018-06-01/runtime/invocation/${id}/response`, JSON.stringify(out));
