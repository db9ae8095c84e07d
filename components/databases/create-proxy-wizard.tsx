"use client";

import { useState, useTransition } from "react";
import { useRouter } from "next/navigation";
import type { ActionResult } from "@/lib/actions/define-action";
import { btn, fieldClass } from "@/components/function-page/action-form";
import { Field } from "./create-database-wizard";
import { ProgressSteps, pollUntil, type Step } from "./progress";

type ProxyInput = {
  name: string;
  instanceId: string;
  username: string;
  password: string;
  iamAuth: boolean;
  requireTls: boolean;
  roleArn: string;
  subnetIds: string[];
};

/**
 * Create a proxy in front of an instance: its secret and the proxy, wait until available,
 * register the instance, wait until the target is healthy. Each step shows as it goes.
 */
export function CreateProxyWizard({
  instances,
  defaultRoleArn,
  createAction,
  registerAction,
  statusAction,
}: {
  instances: { id: string; masterUsername?: string }[];
  defaultRoleArn: string;
  createAction: (input: ProxyInput) => Promise<ActionResult<unknown>>;
  registerAction: (input: { name: string; instanceId: string }) => Promise<ActionResult<unknown>>;
  statusAction: (input: {
    kind: "instance" | "proxy";
    id: string;
  }) => Promise<ActionResult<{ status: string; health?: string }>>;
}) {
  const router = useRouter();
  const [pending, start] = useTransition();
  const [errors, setErrors] = useState<Record<string, string[]>>({});
  const [steps, setSteps] = useState<Step[]>([]);
  const labels = [
    "Create secret and proxy",
    "Wait until the proxy is available",
    "Register the DB instance as target",
    "Wait until the target is healthy",
  ];
  const show = (done: number, state: Step["state"], detail?: string) =>
    setSteps(
      labels.map((label, i) => ({
        label,
        state: i < done ? "done" : i === done ? state : "pending",
        detail: i === done ? detail : undefined,
      })),
    );
  if (instances.length === 0)
    return (
      <p className="text-sm text-zinc-500">
        Create a database first: a proxy needs a DB instance to target.
      </p>
    );
  return (
    <form
      aria-label="Create proxy"
      className="space-y-3 text-sm"
      onSubmit={(e) => {
        e.preventDefault();
        const f = new FormData(e.currentTarget);
        const input: ProxyInput = {
          name: String(f.get("name") ?? ""),
          instanceId: String(f.get("instanceId") ?? ""),
          username: String(f.get("username") ?? ""),
          password: String(f.get("password") ?? ""),
          iamAuth: f.get("iamAuth") === "on",
          requireTls: f.get("requireTls") === "on",
          roleArn: String(f.get("roleArn") ?? ""),
          subnetIds: String(f.get("subnetIds") ?? "")
            .split(/[\s,]+/)
            .filter(Boolean),
        };
        start(async () => {
          show(0, "running");
          const r = await createAction(input);
          if (!r.ok) {
            setErrors(r.fieldErrors ?? {});
            return show(0, "failed", r.message);
          }
          setErrors({});
          show(1, "running", "creating");
          let status = "";
          await pollUntil(
            async () => {
              const s = await statusAction({ kind: "proxy", id: input.name });
              status = s.ok ? s.data.status : "unknown";
              show(1, "running", status);
              return status === "available";
            },
            1000,
            900,
          );
          if (status !== "available") return show(1, "failed", status);
          show(2, "running");
          const reg = await registerAction({ name: input.name, instanceId: input.instanceId });
          if (!reg.ok) return show(2, "failed", reg.message);
          let health = "";
          const healthy = await pollUntil(
            async () => {
              const s = await statusAction({ kind: "proxy", id: input.name });
              health = (s.ok ? s.data.health : undefined) ?? "REGISTERING";
              show(3, "running", health);
              return health === "AVAILABLE";
            },
            1000,
            300,
          );
          show(healthy ? 4 : 3, healthy ? "done" : "failed", health);
          router.refresh();
        });
      }}
    >
      <div className="flex flex-wrap gap-3">
        <Field name="name" label="Proxy identifier" errors={errors.name} placeholder="app-proxy" />
        <label className="flex flex-col gap-1">
          <span>Target DB instance</span>
          <select name="instanceId" className={fieldClass}>
            {instances.map((i) => (
              <option key={i.id} value={i.id}>
                {i.id}
              </option>
            ))}
          </select>
        </label>
        <Field
          name="username"
          label="Database user (stored in a new secret)"
          errors={errors.username}
          defaultValue={instances[0]?.masterUsername}
        />
        <Field name="password" label="Database password" type="password" errors={errors.password} />
        <Field
          name="roleArn"
          label="IAM role (reads the secret)"
          errors={errors.roleArn}
          defaultValue={defaultRoleArn}
        />
        <Field
          name="subnetIds"
          label="Subnets (comma-separated)"
          errors={errors.subnetIds}
          defaultValue="subnet-local-a, subnet-local-b"
        />
      </div>
      <div className="flex gap-4">
        <label className="flex items-center gap-2">
          <input type="checkbox" name="iamAuth" /> Require IAM authentication
        </label>
        <label className="flex items-center gap-2">
          <input type="checkbox" name="requireTls" /> Require TLS
        </label>
      </div>
      <button type="submit" className={btn} disabled={pending}>
        {pending ? "Creating…" : "Create proxy"}
      </button>
      <ProgressSteps steps={steps} />
    </form>
  );
}
