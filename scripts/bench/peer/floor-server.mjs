// Floor (a): a plain node:http server on loopback. POST → small JSON; a path containing "sleep" answers after 100 ms.
import http from "node:http";
const ENV = `floor-${process.pid}`;
const send = (res, obj) => {
  const b = JSON.stringify(obj);
  res.writeHead(200, {
    "content-type": "application/json",
    "content-length": Buffer.byteLength(b),
  });
  res.end(b);
};
const srv = http.createServer((req, res) => {
  req.resume();
  req.on("end", () => {
    if (!req.url.includes("sleep")) return send(res, { ok: true, env: ENV });
    const t0 = Date.now();
    setTimeout(() => send(res, { ok: true, env: ENV, t0, t1: Date.now() }), 100);
  });
});
srv.keepAliveTimeout = 60_000;
srv.listen(Number(process.env.PORT || 0), "127.0.0.1", () =>
  process.stdout.write(`${srv.address().port}\n`),
);
