"use client";

import { useState, useTransition } from "react";
import { withTypedConfirm } from "@/components/access/typed-confirm";
import type { ActionResult } from "@/lib/actions/define-action";
import { btn, fieldClass } from "../function-page/action-form";

type S3Location = { bucket: string; key: string; version?: string };
type Act<T> = (input: FormData | Record<string, unknown>) => Promise<ActionResult<T>>;

const STEPS = [
  "Upload the package to S3",
  "Start the signing job",
  "Wait for the signed package",
  "Deploy",
] as const;
type StepState = "pending" | "running" | "done" | "failed";

/**
 * "Sign and deploy": uploads the chosen zip to a versioned bucket, signs it with a profile, and
 * deploys the signed package, one server action per step so each step's progress shows.
 */
export function SignAndDeploy({
  functionName,
  profiles,
  defaultBucket,
  actions,
}: {
  functionName: string;
  profiles: string[];
  defaultBucket: string;
  actions: {
    upload: Act<S3Location>;
    start: Act<{ jobId: string }>;
    wait: Act<S3Location>;
    deploy: Act<{ codeSha256: string }>;
  };
}) {
  const [states, setStates] = useState<StepState[]>(STEPS.map(() => "pending"));
  const [detail, setDetail] = useState<string[]>(STEPS.map(() => ""));
  const [error, setError] = useState<string | null>(null);
  const [deployed, setDeployed] = useState<string | null>(null);
  const [pending, start] = useTransition();

  const mark = (i: number, s: StepState, text = "") => {
    setStates((prev) => prev.map((v, j) => (j === i ? s : v)));
    setDetail((prev) => prev.map((v, j) => (j === i ? text : v)));
  };

  async function run(form: FormData) {
    setError(null);
    setDeployed(null);
    setStates(STEPS.map(() => "pending"));
    setDetail(STEPS.map(() => ""));
    const bucket = String(form.get("bucket") ?? "");
    const profileName = String(form.get("profileName") ?? "");
    form.set("functionName", functionName);
    const steps: (() => Promise<ActionResult<unknown>>)[] = [];
    let uploaded: S3Location | undefined;
    let jobId = "";
    let signed: S3Location | undefined;
    steps.push(async () => {
      const r = await actions.upload(form);
      if (r.ok) uploaded = r.data;
      return r;
    });
    steps.push(async () => {
      const r = await actions.start({
        functionName,
        profileName,
        bucket,
        key: uploaded?.key,
        version: uploaded?.version,
      });
      if (r.ok) jobId = r.data.jobId;
      return r;
    });
    steps.push(async () => {
      const r = await actions.wait({ functionName, jobId });
      if (r.ok) signed = r.data;
      return r;
    });
    steps.push(() =>
      withTypedConfirm(actions.deploy)({ functionName, bucket: signed?.bucket, key: signed?.key }),
    );
    for (const [i, step] of steps.entries()) {
      mark(i, "running");
      const r = await step();
      if (!r.ok) {
        mark(i, "failed", r.message);
        setError(r.message);
        return;
      }
      mark(
        i,
        "done",
        i === 0 && uploaded
          ? `s3://${uploaded.bucket}/${uploaded.key}`
          : i === 1
            ? `job ${jobId}`
            : i === 2 && signed
              ? `s3://${signed.bucket}/${signed.key}`
              : "",
      );
    }
    setDeployed(`Deployed the signed package to ${functionName}.`);
  }

  if (profiles.length === 0)
    return (
      <p className="text-sm text-zinc-500">
        No active signing profile: create one on the Code signing page.
      </p>
    );
  return (
    <form
      className="space-y-3"
      onSubmit={(e) => {
        e.preventDefault();
        const form = new FormData(e.currentTarget);
        start(() => run(form));
      }}
    >
      <label className="block text-sm">
        Package (.zip)
        <input
          type="file"
          name="zip"
          accept=".zip,application/zip"
          className="mt-1 block text-sm"
          required
        />
      </label>
      <label className="block text-sm">
        Signing profile
        <select name="profileName" className={`${fieldClass} ml-2`}>
          {profiles.map((p) => (
            <option key={p}>{p}</option>
          ))}
        </select>
      </label>
      <label className="block text-sm">
        Versioned S3 bucket
        <input name="bucket" defaultValue={defaultBucket} className={`${fieldClass} ml-2`} />
      </label>
      <button type="submit" className={btn} disabled={pending}>
        {pending ? "Signing and deploying…" : "Sign and deploy"}
      </button>
      <ol className="space-y-1 text-sm" aria-label="Sign and deploy progress">
        {STEPS.map((label, i) => (
          <li key={label} data-testid={`sign-step-${i}`} data-state={states[i]}>
            <span aria-hidden>
              {states[i] === "done"
                ? "✓"
                : states[i] === "failed"
                  ? "✗"
                  : states[i] === "running"
                    ? "…"
                    : "○"}
            </span>{" "}
            {label}
            {detail[i] ? (
              <span className="ml-2 font-mono text-xs text-zinc-500">{detail[i]}</span>
            ) : null}
          </li>
        ))}
      </ol>
      {deployed ? (
        <p role="status" className="text-sm text-green-700 dark:text-green-400">
          {deployed}
        </p>
      ) : null}
      {error ? (
        <p role="alert" className="text-sm text-red-700 dark:text-red-400">
          {error}
        </p>
      ) : null}
    </form>
  );
}
