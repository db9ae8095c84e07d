import {
  QueryError,
  invalidQueryParameter,
  queryOperation,
  queryResponse as awsQueryResponse,
  type XmlValue,
} from "../http/aws-query";
import type { EngineResponse } from "../http/types";

export { QueryParams, xmlList, type XmlValue } from "../http/aws-query";

/**
 * RDS speaks awsQuery (lib/engine/http/aws-query.ts): a form body (`Action=CreateDBProxy&
 * Version=2014-10-31&Auth.member.1.SecretArn=…`) in, `<ActionResponse><ActionResult>…` XML out.
 */
const RDS_XMLNS = "http://rds.amazonaws.com/doc/2014-10-31/";

/** An error RDS sends: its code (the model's `error.code`), status and message. */
export const RdsError = QueryError;
export type RdsError = QueryError;

export const invalidParameter = invalidQueryParameter;

/** rds:<Action>, from the form body once it is read. */
export const rdsOperation = queryOperation("rds");

export function queryResponse(action: string, result: Record<string, XmlValue>): EngineResponse {
  return awsQueryResponse(action, result, RDS_XMLNS);
}
