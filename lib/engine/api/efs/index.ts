import type { Router } from "../../http/router";
import type { EngineContext } from "../../context";
import { empty, json, parseJsonBody, type EngineRequest } from "../../http/types";
import { EfsService } from "../../efs/service";
import {
  createAccessPoint,
  deleteAccessPoint,
  describeAccessPoints,
} from "../../efs/access-points";
import {
  createMountTarget,
  deleteMountTarget,
  describeMountTargets,
} from "../../efs/mount-targets";
import { badRequest } from "../../efs/errors";

const BASE = "/2015-02-01";

function body(req: EngineRequest): Record<string, unknown> {
  try {
    return parseJsonBody(req);
  } catch {
    throw badRequest("The request body is not valid JSON.");
  }
}

const id = (req: EngineRequest, name: string) => req.params[name] ?? "";

/** The EFS subset (restJson, elasticfilesystem): thin adapters to efs/*. Returns disposers. */
export function registerEfsRoutes(router: Router, ctx: EngineContext): (() => Promise<void>)[] {
  const efs = new EfsService(ctx);
  router.route("POST", `${BASE}/file-systems`, (req) => json(201, efs.createFileSystem(body(req))));
  router.route("GET", `${BASE}/file-systems`, (req) =>
    json(200, efs.describeFileSystems(req.query)),
  );
  router.route("DELETE", `${BASE}/file-systems/:id`, (req) => {
    efs.deleteFileSystem(id(req, "id"), (arns) => efs.store.functionsUsing(arns));
    return empty(204);
  });
  router.route("POST", `${BASE}/access-points`, (req) =>
    json(200, createAccessPoint(efs, body(req))),
  );
  router.route("GET", `${BASE}/access-points`, (req) =>
    json(200, describeAccessPoints(efs, req.query)),
  );
  router.route("DELETE", `${BASE}/access-points/:id`, (req) => {
    deleteAccessPoint(efs, id(req, "id"));
    return empty(204);
  });
  router.route("POST", `${BASE}/mount-targets`, (req) =>
    json(200, createMountTarget(efs, body(req))),
  );
  router.route("GET", `${BASE}/mount-targets`, (req) =>
    json(200, describeMountTargets(efs, req.query)),
  );
  router.route("DELETE", `${BASE}/mount-targets/:id`, (req) => {
    deleteMountTarget(efs, id(req, "id"));
    return empty(204);
  });
  router.route("POST", `${BASE}/resource-tags/:id`, (req) => {
    efs.tagResource(id(req, "id"), body(req));
    return empty(200);
  });
  router.route("GET", `${BASE}/resource-tags/:id`, (req) =>
    json(200, efs.listTagsForResource(id(req, "id"), req.query)),
  );
  router.route("DELETE", `${BASE}/resource-tags/:id`, (req) => {
    efs.untagResource(id(req, "id"), req.query.getAll("tagKeys"));
    return empty(200);
  });
  return [() => efs.drain()];
}
