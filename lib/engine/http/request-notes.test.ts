import { describe, expect, it } from "vitest";
import { noteOnRequest, withRequestNotes, type RequestNotes } from "./request-notes";

const tick = () => new Promise((r) => setImmediate(r));

describe("request notes", () => {
  it("keep each request's notes while others start and finish around it", async () => {
    const a: RequestNotes = {};
    const b: RequestNotes = {};
    let releaseB = () => {};
    const bRunning = withRequestNotes(b, async () => {
      await new Promise<void>((r) => (releaseB = r));
      noteOnRequest("who", "b");
    });
    await withRequestNotes(a, async () => {
      await tick();
      noteOnRequest("who", "a");
    });
    // a has finished: b, still running, must keep its storage.
    releaseB();
    await bRunning;
    expect(a).toEqual({ who: "a" });
    expect(b).toEqual({ who: "b" });
  });

  it("notes nothing outside a request, before or after one ran", async () => {
    const notes: RequestNotes = {};
    noteOnRequest("stray", 1);
    await withRequestNotes(notes, async () => {
      await tick();
    });
    noteOnRequest("stray", 2);
    await tick();
    expect(notes).toEqual({});
  });
});
