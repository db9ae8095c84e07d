import type { Router } from "../../http/router";
import { empty, json, parseJsonBody } from "../../http/types";
import type { FunctionsCore } from "../../functions/core";
import {
  createAlias,
  deleteAlias,
  getAlias,
  listAliases,
  updateAlias,
} from "../../functions/aliases";
import { getAccountSettings, listTags, tagResource, untagResource } from "../../functions/tags";
import { optStringMap } from "../../functions/validate";
import { maxItems, param } from "./params";

const BASE = "/2015-03-31/functions/:name/aliases";

/** Aliases, tags and account settings. */
export function registerAliasAndTagRoutes(router: Router, core: FunctionsCore): void {
  router.route("POST", BASE, (req) =>
    json(201, createAlias(core, param(req, "name"), parseJsonBody(req))),
  );
  router.route("GET", BASE, (req) =>
    json(
      200,
      listAliases(
        core,
        param(req, "name"),
        req.query.get("FunctionVersion"),
        req.query.get("Marker"),
        maxItems(req),
      ),
    ),
  );
  router.route("GET", `${BASE}/:alias`, (req) =>
    json(200, getAlias(core, param(req, "name"), param(req, "alias"))),
  );
  router.route("PUT", `${BASE}/:alias`, (req) =>
    json(200, updateAlias(core, param(req, "name"), param(req, "alias"), parseJsonBody(req))),
  );
  router.route("DELETE", `${BASE}/:alias`, (req) => {
    deleteAlias(core, param(req, "name"), param(req, "alias"));
    return empty(204);
  });

  router.route("GET", "/2017-03-31/tags/:arn", (req) =>
    json(200, listTags(core, param(req, "arn"))),
  );
  router.route("POST", "/2017-03-31/tags/:arn", (req) => {
    tagResource(core, param(req, "arn"), optStringMap(parseJsonBody(req), "Tags"));
    return empty(204);
  });
  router.route("DELETE", "/2017-03-31/tags/:arn", (req) => {
    untagResource(core, param(req, "arn"), req.query.getAll("tagKeys"));
    return empty(204);
  });

  router.route("GET", "/2016-08-19/account-settings", () => json(200, getAccountSettings(core)));
}
