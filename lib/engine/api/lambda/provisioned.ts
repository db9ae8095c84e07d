import type { Router } from "../../http/router";
import { empty, json, parseJsonBody } from "../../http/types";
import type { ProvisionedService } from "../../scheduler/provisioned-service";
import { maxItems, param, qualifier } from "./params";

const PATH = "/2019-09-30/functions/:name/provisioned-concurrency";

/** Provisioned concurrency configs; List is the same path with ?List=ALL. */
export function registerProvisionedRoutes(router: Router, service: ProvisionedService): void {
  router.route("PUT", PATH, (req) =>
    json(202, service.put(param(req, "name"), qualifier(req), parseJsonBody(req))),
  );
  router.route("GET", PATH, (req) => {
    if (req.query.get("List") === "ALL")
      return json(200, service.list(param(req, "name"), req.query.get("Marker"), maxItems(req)));
    return json(200, service.get(param(req, "name"), qualifier(req)));
  });
  router.route("DELETE", PATH, (req) => {
    service.delete(param(req, "name"), qualifier(req));
    return empty(204);
  });
}
