import {
  QueryError,
  QueryParams,
  documentFields,
  invalidAction,
  queryInput,
  queryResponse,
  type QueryMemberType,
} from "../../http/aws-query";
import type { Handler } from "../../http/types";
import { MetricsError, type JsonObject } from "./wire";

/** The namespace CloudWatch's query answers carry. */
const CLOUDWATCH_XMLNS = "http://monitoring.amazonaws.com/doc/2010-08-01/";

/** The typed members of the inputs the engine serves (GetMetricData, GetMetricStatistics, ListMetrics). */
const MEMBER_TYPES: Record<string, QueryMemberType> = {
  Period: "integer",
  MaxDatapoints: "integer",
  ReturnData: "boolean",
  IncludeLinkedAccounts: "boolean",
  Dimensions: "list",
  Statistics: "list",
  ExtendedStatistics: "list",
  MetricDataQueries: "list",
};

export type MetricsOperation = (input: JsonObject) => JsonObject;

/**
 * CloudWatch's query protocol (`Action=ListMetrics&Version=2010-08-01`, what the AWS CLI 2.9 and
 * older SDKs send): the form becomes the JSON protocol's input document, the same operation runs,
 * and its output and errors are written as XML, errors with their query codes.
 */
export function metricsQueryHandler(operations: Record<string, MetricsOperation>): Handler {
  return (req) => {
    const params = new QueryParams(req);
    const operation = Object.hasOwn(operations, params.action)
      ? operations[params.action]
      : undefined;
    if (!operation) return invalidAction(params.action).toResponse();
    try {
      const output = operation(queryInput(params, MEMBER_TYPES));
      return queryResponse(params.action, documentFields(output), CLOUDWATCH_XMLNS);
    } catch (err) {
      if (err instanceof MetricsError)
        return new QueryError(err.queryCode, err.message, err.status).toResponse();
      throw err;
    }
  };
}
