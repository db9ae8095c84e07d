// Floor (c'), Lambda Runtime API style: a fresh node process loads the ESM handler, pulls one event from
// AWS_LAMBDA_RUNTIME_API (GET .../invocation/next) and posts the result back (POST .../response).
import { pathToFileURL } from "node:url";
import { rapiCall } from "./rapi-call.mjs";
const mod = await import(pathToFileURL(process.argv[2]).href);
const call = rapiCall(process.env.AWS_LAMBDA_RUNTIME_API);
const next = await call("GET", "/2018-06-01/runtime/invocation/next");
const id = next.headers["lambda-runtime-aws-request-id"];
const out = await mod.hello(JSON.parse(next.body || "{}"));
await call("POST", `/2018-06-01/runtime/invocation/${id}/response`, JSON.stringify(out));
