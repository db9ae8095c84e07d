import type { Router } from "../../http/router";
import { empty, json, parseJsonBody } from "../../http/types";
import type { UrlConfigService } from "../../function-urls/url-configs";
import type { FunctionsCore } from "../../functions/core";
import {
  getRecursionConfig,
  getRuntimeManagementConfig,
  putRecursionConfig,
  putRuntimeManagementConfig,
} from "../../functions/runtime-settings";
import { maxItems, param, qualifier } from "./params";

const URL = "/2021-10-31/functions/:name/url";
const RECURSION = "/2024-08-31/functions/:name/recursion-config";
const RUNTIME = "/2021-07-20/functions/:name/runtime-management-config";

/** Function URL configurations: Create/Get/Update/Delete/ListFunctionUrlConfig(s). */
export function registerFunctionUrlRoutes(router: Router, urls: UrlConfigService): void {
  router.route("POST", URL, (req) =>
    json(201, urls.create(param(req, "name"), qualifier(req), parseJsonBody(req))),
  );
  router.route("GET", URL, (req) => json(200, urls.get(param(req, "name"), qualifier(req))));
  router.route("PUT", URL, (req) =>
    json(200, urls.update(param(req, "name"), qualifier(req), parseJsonBody(req))),
  );
  router.route("DELETE", URL, (req) => {
    urls.delete(param(req, "name"), qualifier(req));
    return empty(204);
  });
  router.route("GET", `${URL}s`, (req) =>
    json(200, urls.list(param(req, "name"), req.query.get("Marker"), maxItems(req, 50))),
  );
}

/** Settings deploy tools read on every plan: recursion loop detection, runtime management. */
export function registerRuntimeSettingRoutes(router: Router, core: FunctionsCore): void {
  router.route("GET", RECURSION, (req) => json(200, getRecursionConfig(core, param(req, "name"))));
  router.route("PUT", RECURSION, (req) =>
    json(200, putRecursionConfig(core, param(req, "name"), parseJsonBody(req))),
  );
  router.route("GET", RUNTIME, (req) =>
    json(200, getRuntimeManagementConfig(core, param(req, "name"), qualifier(req))),
  );
  router.route("PUT", RUNTIME, (req) =>
    json(
      200,
      putRuntimeManagementConfig(core, param(req, "name"), qualifier(req), parseJsonBody(req)),
    ),
  );
}
