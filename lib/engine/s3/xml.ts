import type { EngineResponse } from "../http/types";

const S3_NS = "http://s3.amazonaws.com/doc/2006-03-01/";

const xmlEscape = (s: string) => s.replace(/[<>&"'\r\n]/g, (c) => `&#${c.charCodeAt(0)};`);

/** <name>text</name>, or nothing for undefined; nested when given an array of already-built parts. */
export function el(name: string, value: string | number | boolean | string[] | undefined): string {
  if (value === undefined) return "";
  if (Array.isArray(value)) return `<${name}>${value.join("")}</${name}>`;
  return `<${name}>${xmlEscape(String(value))}</${name}>`;
}

export function xmlResponse(
  root: string,
  parts: string[],
  headers: Record<string, string> = {},
  status = 200,
): EngineResponse {
  return {
    status,
    headers: { "content-type": "application/xml", ...headers },
    body: `<?xml version="1.0" encoding="UTF-8"?>\n<${root} xmlns="${S3_NS}">${parts.join("")}</${root}>`,
  };
}

/** S3's timestamp in XML bodies: 2026-01-01T00:00:00.000Z */
export const isoTime = (ms: number) => new Date(ms).toISOString();

/** The text of the first <tag> in a small XML request body (PutBucketVersioning's Status). */
export function xmlText(body: string, tag: string): string | undefined {
  const m = new RegExp(`<${tag}>([^<]*)</${tag}>`).exec(body);
  return m?.[1];
}
