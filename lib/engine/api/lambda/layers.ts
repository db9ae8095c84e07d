import type { Router } from "../../http/router";
import { empty, json, parseJsonBody, type EngineRequest } from "../../http/types";
import type { FunctionsCore } from "../../functions/core";
import { LayersService } from "../../layers/service";
import { listLayers, listLayerVersions, type ListFilters } from "../../layers/listing";
import {
  addLayerVersionPermission,
  getLayerVersionPolicy,
  removeLayerVersionPermission,
} from "../../layers/permissions";
import type { CodeUrlSigner } from "./code-url";
import { param } from "./params";

const LAYERS = "/2018-10-31/layers";
const VERSION = `${LAYERS}/:name/versions/:version`;

const filters = (req: EngineRequest): ListFilters => ({
  runtime: req.query.get("CompatibleRuntime"),
  architecture: req.query.get("CompatibleArchitecture"),
  marker: req.query.get("Marker"),
  maxItems: req.query.get("MaxItems"),
});

/** The Layers API (2018-10-31): thin adapters from HTTP to layers/*. */
export function registerLayerRoutes(
  router: Router,
  core: FunctionsCore,
  signer: CodeUrlSigner,
): void {
  const svcFor = (req: EngineRequest) => {
    const h = req.headers.host;
    const host = typeof h === "string" && h !== "" ? h : "127.0.0.1";
    return new LayersService(core, (hex) => signer.sign(host, hex));
  };
  // ListLayers, and GetLayerVersionByArn (?find=LayerVersion&Arn=) on the same path.
  router.route("GET", LAYERS, (req) => {
    const svc = svcFor(req);
    if (req.query.get("find") === "LayerVersion")
      return json(200, svc.document(svc.getByArn(req.query.get("Arn"))));
    return json(200, listLayers(svc, filters(req)));
  });
  router.route("POST", `${LAYERS}/:name/versions`, async (req) => {
    const svc = svcFor(req);
    return json(201, svc.document(await svc.publish(param(req, "name"), parseJsonBody(req))));
  });
  router.route("GET", `${LAYERS}/:name/versions`, (req) => {
    const svc = svcFor(req);
    return json(200, listLayerVersions(svc, svc.localName(param(req, "name")), filters(req)));
  });
  router.route("GET", VERSION, (req) => {
    const svc = svcFor(req);
    return json(200, svc.document(svc.get(param(req, "name"), param(req, "version"))));
  });
  router.route("DELETE", VERSION, (req) => {
    svcFor(req).delete(param(req, "name"), param(req, "version"));
    return empty(204);
  });
  router.route("POST", `${VERSION}/policy`, (req) =>
    json(
      201,
      addLayerVersionPermission(
        svcFor(req),
        core.ctx.arnPrefix,
        param(req, "name"),
        param(req, "version"),
        parseJsonBody(req),
        req.query.get("RevisionId"),
      ),
    ),
  );
  router.route("GET", `${VERSION}/policy`, (req) =>
    json(200, getLayerVersionPolicy(svcFor(req), param(req, "name"), param(req, "version"))),
  );
  router.route("DELETE", `${VERSION}/policy/:sid`, (req) => {
    removeLayerVersionPermission(
      svcFor(req),
      param(req, "name"),
      param(req, "version"),
      param(req, "sid"),
      req.query.get("RevisionId"),
    );
    return empty(204);
  });
}
