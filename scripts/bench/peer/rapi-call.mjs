// A minimal Runtime API client for the bench's floors (floor-rapi-child.mjs, floor-hop-runtime.mjs):
// node:http with one kept-alive agent; call(method, path, body?) → { headers, body }.
import http from "node:http";

export function rapiCall(api) {
  const [host, port] = api.split(":");
  const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
  return (method, path, body) =>
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
}
