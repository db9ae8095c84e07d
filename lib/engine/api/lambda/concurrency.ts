import type { Router } from "../../http/router";
import { empty, json, parseJsonBody } from "../../http/types";
import type { FunctionsCore } from "../../functions/core";
import {
  deleteFunctionConcurrency,
  getFunctionConcurrency,
  putFunctionConcurrency,
} from "../../scheduler/reserved-concurrency";
import type { EngineStatus } from "../../invoke/controls";
import { param } from "./params";

/** Reserved concurrency: PUT/DELETE under 2017-10-31, GET under 2019-09-30, as the model has them. */
export function registerConcurrencyRoutes(router: Router, core: FunctionsCore): void {
  router.route("PUT", "/2017-10-31/functions/:name/concurrency", (req) =>
    json(200, putFunctionConcurrency(core, param(req, "name"), parseJsonBody(req))),
  );
  router.route("GET", "/2019-09-30/functions/:name/concurrency", (req) =>
    json(200, getFunctionConcurrency(core, param(req, "name"))),
  );
  router.route("DELETE", "/2017-10-31/functions/:name/concurrency", (req) => {
    deleteFunctionConcurrency(core, param(req, "name"));
    return empty(204);
  });
}

/**
 * The local engine's own limits (machine cap, scaling rate, live environments): not an AWS
 * operation, so it sits outside the Lambda paths; signed like every other request.
 */
export function registerEngineStatusRoute(router: Router, status: () => EngineStatus): void {
  router.route("GET", "/lambda-console/engine-status", () => json(200, status()));
}
