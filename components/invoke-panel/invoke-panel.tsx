"use client";

import { useState, useTransition } from "react";
import type { ActionResult } from "@/lib/actions/define-action";
import type { InvokeOutcome } from "@/lib/aws/invoke";
import type { SavedTestEvent } from "@/lib/test-events";
import { EVENT_TEMPLATES } from "./templates";
import { findReport } from "./report";

export interface InvokePanelProps {
  functionName: string;
  qualifiers: string[];
  initialQualifier: string;
  events: SavedTestEvent[];
  canInvoke: boolean;
  invoke: (input: {
    functionName: string;
    qualifier?: string;
    invocationType: "RequestResponse" | "Event";
    payload: string;
  }) => Promise<ActionResult<InvokeOutcome>>;
  saveEvent: (input: {
    functionName: string;
    name: string;
    json: string;
  }) => Promise<ActionResult<SavedTestEvent>>;
  deleteEvent: (input: { functionName: string; name: string }) => Promise<ActionResult<boolean>>;
}

const btn =
  "rounded-md border border-zinc-300 px-3 py-1 text-sm hover:bg-zinc-100 disabled:opacity-50 dark:border-zinc-700 dark:hover:bg-zinc-800";
const field =
  "rounded-md border border-zinc-300 bg-white px-2 py-1 text-sm dark:border-zinc-700 dark:bg-zinc-950";

function pretty(text: string): string {
  try {
    return JSON.stringify(JSON.parse(text), null, 2);
  } catch {
    return text;
  }
}

/** The Test tab: saved events and templates, sync or async invoke of a chosen qualifier, the result. */
export function InvokePanel(props: InvokePanelProps) {
  const { functionName, canInvoke } = props;
  const [events, setEvents] = useState(props.events);
  const [name, setName] = useState(props.events[0]?.name ?? "MyEvent");
  const [json, setJson] = useState(
    props.events[0]
      ? pretty(props.events[0].json)
      : pretty(JSON.stringify(EVENT_TEMPLATES["Hello world"])),
  );
  const [qualifier, setQualifier] = useState(props.initialQualifier);
  const [type, setType] = useState<"RequestResponse" | "Event">("RequestResponse");
  const [result, setResult] = useState<ActionResult<InvokeOutcome> | null>(null);
  const [note, setNote] = useState<{ ok: boolean; text: string } | null>(null);
  const [pending, start] = useTransition();
  let jsonError: string | null = null;
  try {
    JSON.parse(json);
  } catch (e) {
    jsonError = e instanceof Error ? e.message : "Invalid JSON";
  }

  const run = () =>
    start(async () => {
      setResult(null);
      setResult(
        await props.invoke({
          functionName,
          ...(qualifier && qualifier !== "$LATEST" ? { qualifier } : {}),
          invocationType: type,
          payload: json,
        }),
      );
    });
  const save = () =>
    start(async () => {
      const r = await props.saveEvent({ functionName, name, json });
      if (r.ok) {
        setEvents([r.data, ...events.filter((e) => e.name !== r.data.name)]);
        setNote({ ok: true, text: `Saved "${r.data.name}".` });
      } else
        setNote({
          ok: false,
          text:
            Object.values(r.fieldErrors ?? {})
              .flat()
              .join(" ") || r.message,
        });
    });
  const remove = () =>
    start(async () => {
      const r = await props.deleteEvent({ functionName, name });
      if (r.ok && r.data) {
        setEvents(events.filter((e) => e.name !== name));
        setNote({ ok: true, text: `Deleted "${name}".` });
      } else setNote({ ok: false, text: r.ok ? `No saved event "${name}".` : r.message });
    });

  const outcome = result?.ok ? result.data : undefined;
  const report = outcome ? findReport(outcome.logTail) : undefined;
  return (
    <div className="grid gap-4 lg:grid-cols-2">
      <section className="space-y-3">
        <div className="flex flex-wrap items-end gap-2">
          <label className="flex flex-col text-sm">
            Saved event
            <select
              aria-label="Saved event"
              className={field}
              value={events.some((e) => e.name === name) ? name : ""}
              onChange={(e) => {
                const ev = events.find((x) => x.name === e.target.value);
                if (ev) {
                  setName(ev.name);
                  setJson(pretty(ev.json));
                }
              }}
            >
              <option value="">{events.length ? "Choose…" : "None saved yet"}</option>
              {events.map((e) => (
                <option key={e.name}>{e.name}</option>
              ))}
            </select>
          </label>
          <label className="flex flex-col text-sm">
            Template
            <select
              aria-label="Template"
              className={field}
              value=""
              onChange={(e) => {
                const t = EVENT_TEMPLATES[e.target.value];
                if (t !== undefined) setJson(JSON.stringify(t, null, 2));
              }}
            >
              <option value="">Start from a template…</option>
              {Object.keys(EVENT_TEMPLATES).map((k) => (
                <option key={k}>{k}</option>
              ))}
            </select>
          </label>
          <label className="flex flex-col text-sm">
            Event name
            <input className={field} value={name} onChange={(e) => setName(e.target.value)} />
          </label>
        </div>
        <label className="block text-sm">
          Event JSON
          <textarea
            aria-label="Event JSON"
            className={`${field} mt-1 h-72 w-full font-mono text-xs`}
            value={json}
            spellCheck={false}
            onChange={(e) => setJson(e.target.value)}
            aria-invalid={jsonError !== null}
          />
        </label>
        {jsonError ? <p className="text-xs text-red-700 dark:text-red-400">{jsonError}</p> : null}
        <div className="flex flex-wrap items-end gap-2">
          <label className="flex flex-col text-sm">
            Qualifier
            <select
              aria-label="Qualifier"
              className={field}
              value={qualifier}
              onChange={(e) => setQualifier(e.target.value)}
            >
              {props.qualifiers.map((q) => (
                <option key={q}>{q}</option>
              ))}
            </select>
          </label>
          <fieldset className="flex gap-3 text-sm">
            <legend className="sr-only">Invocation type</legend>
            <label className="flex items-center gap-1">
              <input
                type="radio"
                checked={type === "RequestResponse"}
                onChange={() => setType("RequestResponse")}
              />
              Synchronous
            </label>
            <label className="flex items-center gap-1">
              <input type="radio" checked={type === "Event"} onChange={() => setType("Event")} />
              Asynchronous
            </label>
          </fieldset>
          <button
            type="button"
            className={`${btn} bg-blue-600 text-white hover:bg-blue-700 dark:hover:bg-blue-700`}
            disabled={!canInvoke || pending || jsonError !== null}
            onClick={run}
          >
            {pending ? "Working…" : "Invoke"}
          </button>
          <button
            type="button"
            className={btn}
            disabled={!canInvoke || pending || jsonError !== null}
            onClick={save}
          >
            Save event
          </button>
          <button
            type="button"
            className={btn}
            disabled={!canInvoke || pending || !events.some((e) => e.name === name)}
            onClick={remove}
          >
            Delete event
          </button>
        </div>
        {note ? (
          <p
            role={note.ok ? "status" : "alert"}
            className={`text-sm ${note.ok ? "text-green-700 dark:text-green-400" : "text-red-700 dark:text-red-400"}`}
          >
            {note.text}
          </p>
        ) : null}
      </section>
      <section aria-label="Result" className="space-y-3">
        {result && !result.ok ? (
          <div
            role="alert"
            className="rounded-md border border-red-200 bg-red-50 p-3 text-sm dark:border-red-900 dark:bg-red-950/40"
          >
            <p className="font-semibold">The invoke was refused</p>
            <p>{result.message}</p>
          </div>
        ) : null}
        {outcome ? (
          <div
            data-testid="invoke-result"
            className={`space-y-2 rounded-md border p-3 text-sm ${outcome.functionError ? "border-red-200 bg-red-50 dark:border-red-900 dark:bg-red-950/40" : "border-green-200 bg-green-50 dark:border-green-900 dark:bg-green-950/40"}`}
          >
            <p className="font-semibold" data-testid="invoke-status">
              {outcome.statusCode === 202
                ? `Queued (202): request ${outcome.requestId}`
                : outcome.functionError
                  ? `Failed: function error (${outcome.functionError})`
                  : `Succeeded (${outcome.statusCode})`}
            </p>
            {outcome.statusCode !== 202 ? (
              <dl className="grid grid-cols-2 gap-x-4 gap-y-1 sm:grid-cols-3">
                <div>
                  <dt className="text-xs text-zinc-500">Duration</dt>
                  <dd data-testid="invoke-duration">
                    {report ? `${report.durationMs.toFixed(2)} ms` : "—"}
                  </dd>
                </div>
                <div>
                  <dt className="text-xs text-zinc-500">Billed duration</dt>
                  <dd>{report ? `${report.billedDurationMs} ms` : "—"}</dd>
                </div>
                <div>
                  <dt className="text-xs text-zinc-500">Memory used</dt>
                  <dd>{report ? `${report.maxMemoryUsedMb} of ${report.memorySizeMb} MB` : "—"}</dd>
                </div>
                <div>
                  <dt className="text-xs text-zinc-500">Init duration</dt>
                  <dd>
                    {report?.initDurationMs !== undefined
                      ? `${report.initDurationMs.toFixed(2)} ms`
                      : "— (warm)"}
                  </dd>
                </div>
                <div>
                  <dt className="text-xs text-zinc-500">Executed version</dt>
                  <dd>{outcome.executedVersion ?? "—"}</dd>
                </div>
                <div>
                  <dt className="text-xs text-zinc-500">Request id</dt>
                  <dd className="truncate" title={outcome.requestId}>
                    {outcome.requestId}
                  </dd>
                </div>
              </dl>
            ) : null}
            {outcome.statusCode !== 202 ? (
              <>
                <h3 className="text-xs font-semibold text-zinc-500 uppercase">
                  {outcome.functionError ? "Error" : "Response"}
                </h3>
                <pre
                  data-testid="invoke-payload"
                  className="max-h-64 overflow-auto rounded bg-white p-2 text-xs dark:bg-zinc-950"
                >
                  {pretty(outcome.payload)}
                </pre>
                <h3 className="text-xs font-semibold text-zinc-500 uppercase">Log tail</h3>
                <pre
                  data-testid="invoke-log"
                  className="max-h-64 overflow-auto rounded bg-white p-2 text-xs whitespace-pre-wrap dark:bg-zinc-950"
                >
                  {outcome.logTail || "(no log output)"}
                </pre>
              </>
            ) : (
              <p>Asynchronous invocations return no result; see the Logs tab.</p>
            )}
          </div>
        ) : !result ? (
          <p className="text-sm text-zinc-500">
            Invoke to see the status, duration, memory, the response and the log tail.
          </p>
        ) : null}
      </section>
    </div>
  );
}
