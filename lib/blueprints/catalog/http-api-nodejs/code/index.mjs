// HTTP API (payload format 2.0) and function URL handler: one small router, JSON in and out.
import { randomUUID } from "node:crypto";

const corsHeaders = { "access-control-allow-origin": process.env.ALLOWED_ORIGIN ?? "*" };

const json = (statusCode, data) => ({
  statusCode,
  headers: { "content-type": "application/json", ...corsHeaders },
  body: JSON.stringify(data),
});

function readBody(event) {
  if (!event.body) return undefined;
  const text = event.isBase64Encoded
    ? Buffer.from(event.body, "base64").toString("utf8")
    : event.body;
  return JSON.parse(text);
}

const routes = {
  "GET /health": () => json(200, { ok: true }),
  "GET /items/{id}": (event) =>
    json(200, { item: { id: event.pathParameters?.id ?? event.rawPath.split("/").pop() } }),
  "POST /items": (event) => {
    const input = readBody(event);
    if (!input || typeof input.name !== "string")
      return json(400, { message: "body must be JSON with a string `name`" });
    const item = { id: randomUUID(), name: input.name, quantity: Number(input.quantity ?? 1) };
    return json(201, { item, dryRun: event.queryStringParameters?.dryRun === "true" });
  },
};

// Function URLs have no routeKey; match "METHOD /path" against the templates ourselves.
function findRoute(method, path) {
  for (const [key, fn] of Object.entries(routes)) {
    const [m, template] = key.split(" ");
    const pattern = new RegExp("^" + template.replace(/\{[^}]+\}/g, "[^/]+") + "$");
    if (m === method && pattern.test(path)) return fn;
  }
  return undefined;
}

export const handler = async (event) => {
  const method = event.requestContext?.http?.method ?? "GET";
  const path = event.rawPath ?? "/";
  const route = findRoute(method, path);
  if (!route) return json(404, { message: `No route for ${method} ${path}` });
  try {
    return route(event);
  } catch (err) {
    if (err instanceof SyntaxError) return json(400, { message: "body is not valid JSON" });
    console.error(err);
    return json(500, { message: "Internal error" });
  }
};
