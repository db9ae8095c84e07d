import type { Router } from "../../http/router";
import { empty, json, parseJsonBody } from "../../http/types";
import type { FunctionsCore } from "../../functions/core";
import {
  deleteEventInvokeConfig,
  getEventInvokeConfig,
  listEventInvokeConfigs,
  putEventInvokeConfig,
  updateEventInvokeConfig,
} from "../../async/event-invoke-config";
import { maxItems, param, qualifier } from "./params";

const PATH = "/2019-09-25/functions/:name/event-invoke-config";

/** Asynchronous invocation settings: retries, maximum event age, destinations. */
export function registerEventInvokeConfigRoutes(router: Router, core: FunctionsCore): void {
  router.route("PUT", PATH, (req) =>
    json(200, putEventInvokeConfig(core, param(req, "name"), qualifier(req), parseJsonBody(req))),
  );
  router.route("POST", PATH, (req) =>
    json(
      200,
      updateEventInvokeConfig(core, param(req, "name"), qualifier(req), parseJsonBody(req)),
    ),
  );
  router.route("GET", PATH, (req) =>
    json(200, getEventInvokeConfig(core, param(req, "name"), qualifier(req))),
  );
  router.route("DELETE", PATH, (req) => {
    deleteEventInvokeConfig(core, param(req, "name"), qualifier(req));
    return empty(204);
  });
  router.route("GET", `${PATH}/list`, (req) =>
    json(
      200,
      listEventInvokeConfigs(core, param(req, "name"), req.query.get("Marker"), maxItems(req, 50)),
    ),
  );
}
