// Floor (c): a fresh node process loads the ESM handler and answers one POST over loopback HTTP.
// argv[2] = handler module path; PORT = port to listen on; prints "ready" once listening.
import http from "node:http";
import { pathToFileURL } from "node:url";
const mod = await import(pathToFileURL(process.argv[2]).href);
const srv = http.createServer((req, res) => {
  const chunks = [];
  req.on("data", (c) => chunks.push(c));
  req.on("end", async () => {
    const out = JSON.stringify(
      await mod.hello(JSON.parse(Buffer.concat(chunks).toString() || "{}")),
    );
    res.writeHead(200, {
      "content-type": "application/json",
      "content-length": Buffer.byteLength(out),
    });
    res.end(out);
  });
});
srv.listen(Number(process.env.PORT), "127.0.0.1", () => process.stdout.write("ready\n"));
