import type { Router } from "../../http/router";
import { empty, json, parseJsonBody } from "../../http/types";
import type { PolicyService } from "../../permissions/policies";
import { param, qualifier } from "./params";

const POLICY = "/2015-03-31/functions/:name/policy";

/** Resource-based policy: AddPermission, RemovePermission, GetPolicy. */
export function registerPermissionRoutes(router: Router, policies: PolicyService): void {
  router.route("POST", POLICY, (req) =>
    json(201, policies.add(param(req, "name"), qualifier(req), parseJsonBody(req))),
  );
  router.route("DELETE", `${POLICY}/:sid`, (req) => {
    policies.remove(
      param(req, "name"),
      param(req, "sid"),
      qualifier(req),
      req.query.get("RevisionId") ?? undefined,
    );
    return empty(204);
  });
  router.route("GET", POLICY, (req) => json(200, policies.get(param(req, "name"), qualifier(req))));
}
