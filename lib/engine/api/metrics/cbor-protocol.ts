import { CborError, decodeCbor, encodeCbor } from "../../http/cbor";
import { DEFAULT_MAX_BODY, type Operation } from "../../http/operations";
import type { EngineRequest, EngineResponse } from "../../http/types";
import type { MetricsOperation } from "./query-protocol";
import { MetricsError, type JsonObject } from "./wire";

/**
 * CloudWatch over Smithy RPC v2 CBOR (`POST /service/GraniteServiceVersion20100801/operation/<Op>`,
 * `smithy-protocol: rpc-v2-cbor`), the protocol CloudWatch's current model lists first: the same
 * operations, CBOR documents in and out, errors as `__type` + `message` with x-amzn-query-error.
 */
const PATH = /^\/service\/GraniteServiceVersion20100801\/operation\/([A-Za-z]+)$/;
const HEADERS = { "content-type": "application/cbor", "smithy-protocol": "rpc-v2-cbor" };

/** The operation of a CBOR request, from its path; undefined for any other request. */
export function cborOperation(path: string): Operation | undefined {
  const name = PATH.exec(path)?.[1];
  if (name === undefined) return undefined;
  return {
    action: `cloudwatch:${name}`,
    protocol: "rpcv2Cbor",
    maxBodyBytes: DEFAULT_MAX_BODY,
    limitName: name,
  };
}

const cborError = (status: number, type: string, queryCode: string, message: string) => ({
  status,
  headers: {
    ...HEADERS,
    "x-amzn-query-error": `${queryCode};${status >= 500 ? "Receiver" : "Sender"}`,
  },
  body: encodeCbor({ __type: `com.amazonaws.cloudwatch#${type}`, message }),
});

export function metricsCborHandler(
  operations: Record<string, MetricsOperation>,
): (req: EngineRequest) => EngineResponse {
  return (req) => {
    const name = PATH.exec(req.path)?.[1] ?? "";
    const operation = Object.hasOwn(operations, name) ? operations[name] : undefined;
    if (req.method !== "POST" || !operation)
      return cborError(
        404,
        "UnknownOperationException",
        "UnknownOperation",
        `Operation ${name} is not supported by this engine`,
      );
    let input: unknown = {};
    try {
      if (req.body.length > 0) input = decodeCbor(req.body);
    } catch (err) {
      if (!(err instanceof CborError)) throw err;
      input = undefined;
    }
    if (!input || typeof input !== "object" || Array.isArray(input))
      return cborError(
        400,
        "SerializationException",
        "SerializationException",
        "Could not parse request body as CBOR",
      );
    try {
      return {
        status: 200,
        headers: HEADERS,
        body: encodeCbor(operation(input as JsonObject), { doubles: true }),
      };
    } catch (err) {
      if (err instanceof MetricsError)
        return cborError(err.status, err.type, err.queryCode, err.message);
      throw err;
    }
  };
}
