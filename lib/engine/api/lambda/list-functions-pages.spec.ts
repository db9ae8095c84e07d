// ListFunctions pages (issue 18 reads one page per call from the store instead of every row): the
// same functions in the same order whatever the page size, versions in numeric order across pages.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  CreateFunctionCommand,
  ListFunctionsCommand,
  PublishVersionCommand,
  UpdateFunctionCodeCommand,
  type ListFunctionsCommandInput,
} from "@aws-sdk/client-lambda";
import { createInput, makeZip, startTestEngine, type TestEngine } from "@/test/support/lambda";
import { settled } from "@/test/support/settled";

let t: TestEngine;

beforeAll(async () => {
  t = await startTestEngine("lambda-list-pages-");
  for (const name of ["pc", "pa", "pb"]) {
    await t.lambda.send(new CreateFunctionCommand(createInput(name)));
    await settled(t.lambda, name);
  }
  // Eleven versions of pb: "10" and "11" sort after "9" (numbers), not after "1" (text).
  for (let i = 1; i <= 11; i++) {
    const code = `export const handler = async () => ${i};\n`;
    await t.lambda.send(
      new UpdateFunctionCodeCommand({
        FunctionName: "pb",
        ZipFile: makeZip({ "index.mjs": code }),
      }),
    );
    await settled(t.lambda, "pb");
    await t.lambda.send(new PublishVersionCommand({ FunctionName: "pb" }));
  }
});
afterAll(async () => {
  await t?.close();
});

/** Every page of a listing, as "name:version", checking each page's size. */
async function listing(input: ListFunctionsCommandInput): Promise<string[]> {
  const out: string[] = [];
  let marker: string | undefined;
  do {
    const page = await t.lambda.send(new ListFunctionsCommand({ ...input, Marker: marker }));
    expect((page.Functions ?? []).length).toBeLessThanOrEqual(input.MaxItems ?? 50);
    out.push(...(page.Functions ?? []).map((f) => `${f.FunctionName}:${f.Version}`));
    marker = page.NextMarker;
  } while (marker);
  return out;
}

describe("ListFunctions pages", () => {
  it("lists each function's $LATEST once, by name, at any page size", async () => {
    const expected = ["pa:$LATEST", "pb:$LATEST", "pc:$LATEST"];
    for (const MaxItems of [1, 2, 3, 50]) expect(await listing({ MaxItems })).toEqual(expected);
  });

  it("FunctionVersion=ALL: every version, numerically, at any page size", async () => {
    const expected = [
      "pa:$LATEST",
      "pb:$LATEST",
      ...Array.from({ length: 11 }, (_, i) => `pb:${i + 1}`),
      "pc:$LATEST",
    ];
    for (const MaxItems of [1, 2, 5, 13, 14, 50])
      expect(await listing({ FunctionVersion: "ALL", MaxItems })).toEqual(expected);
  });

  it("the last page has no NextMarker; a marker that is not ours starts nowhere", async () => {
    const last = await t.lambda.send(new ListFunctionsCommand({ MaxItems: 3 }));
    expect(last.Functions).toHaveLength(3);
    expect(last.NextMarker).toBeUndefined();
    const odd = await t.lambda.send(new ListFunctionsCommand({ Marker: "not-a-marker" }));
    expect(odd.Functions).toEqual([]);
    expect(odd.NextMarker).toBeUndefined();
  });
});
