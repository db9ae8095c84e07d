import type { Router } from "../../http/router";
import { empty, json, parseJsonBody, type EngineRequest } from "../../http/types";
import type { FunctionsCore } from "../../functions/core";
import {
  createFunction,
  deleteFunction,
  updateFunctionCode,
  updateFunctionConfiguration,
} from "../../functions/service";
import { getFunction, getFunctionConfiguration, listFunctions } from "../../functions/queries";
import { listVersionsByFunction, publishVersion } from "../../functions/versions";
import type { CodeUrlSigner } from "./code-url";
import { maxItems, param, qualifier } from "./params";

const BASE = "/2015-03-31/functions";

function hostOf(req: EngineRequest): string {
  const h = req.headers.host;
  return typeof h === "string" && h !== "" ? h : "127.0.0.1";
}

/** Function CRUD, code, versions: thin adapters from HTTP to functions/*. */
export function registerFunctionRoutes(
  router: Router,
  core: FunctionsCore,
  signer: CodeUrlSigner,
): void {
  router.route("POST", BASE, async (req) =>
    json(201, await createFunction(core, parseJsonBody(req))),
  );
  router.route("GET", BASE, (req) =>
    json(
      200,
      listFunctions(core, req.query.get("FunctionVersion"), req.query.get("Marker"), maxItems(req)),
    ),
  );
  router.route("GET", `${BASE}/:name`, (req) =>
    json(
      200,
      getFunction(core, param(req, "name"), qualifier(req), (hex) => signer.sign(hostOf(req), hex)),
    ),
  );
  router.route("GET", `${BASE}/:name/configuration`, (req) =>
    json(200, getFunctionConfiguration(core, param(req, "name"), qualifier(req))),
  );
  router.route("DELETE", `${BASE}/:name`, (req) => {
    deleteFunction(core, param(req, "name"), qualifier(req));
    return empty(204);
  });
  router.route("PUT", `${BASE}/:name/code`, async (req) =>
    json(200, await updateFunctionCode(core, param(req, "name"), parseJsonBody(req))),
  );
  router.route("PUT", `${BASE}/:name/configuration`, async (req) =>
    json(200, await updateFunctionConfiguration(core, param(req, "name"), parseJsonBody(req))),
  );
  router.route("POST", `${BASE}/:name/versions`, (req) =>
    json(201, publishVersion(core, param(req, "name"), parseJsonBody(req))),
  );
  router.route("GET", `${BASE}/:name/versions`, (req) =>
    json(
      200,
      listVersionsByFunction(core, param(req, "name"), req.query.get("Marker"), maxItems(req)),
    ),
  );
}
