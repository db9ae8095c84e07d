import { describe, expect, it } from "vitest";
import { filterBlueprints, parseGalleryFilter } from "./filter";
import { listBlueprints } from "./index";

const all = listBlueprints({});
const ids = (q: Record<string, string | string[] | undefined>) =>
  filterBlueprints(all, parseGalleryFilter(q)).map((b) => b.id);

describe("gallery filter", () => {
  it("shows everything without a filter, and ignores unknown values", () => {
    expect(ids({})).toHaveLength(all.length);
    expect(ids({ runtime: "cobol", useCase: "nope" })).toHaveLength(all.length);
  });

  it("filters by runtime family and use case from the URL", () => {
    expect(ids({ runtime: "provided" })).toEqual(["custom-runtime-shell"]);
    expect(ids({ runtime: "python", useCase: "messaging" })).toEqual(["sns-notification-python"]);
    expect(ids({ useCase: "http-api" }).sort()).toEqual([
      "http-api-nodejs",
      "http-api-python",
      "webhook-hmac-nodejs",
    ]);
  });

  it("searches words across title, description and tags", () => {
    expect(ids({ q: "hmac" })).toEqual(["webhook-hmac-nodejs"]);
    expect(ids({ q: "  Batch   SQS " })).toEqual(["sqs-batch-nodejs"]);
    expect(ids({ q: "postgres", runtime: "nodejs" })).toEqual([]);
    expect(ids({ q: ["csv", "ignored"] })).toEqual(["csv-to-json-python"]);
  });
});
