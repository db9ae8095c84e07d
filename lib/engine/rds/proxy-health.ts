import type { Proxy, ProxyService } from "./proxies";

/** Target health as RDS reports it: the instance is up and the proxy's secret logs in. */
export async function targetHealth(
  svc: ProxyService,
  p: Proxy,
  id: string,
): Promise<{ State: string; Reason?: string; Description?: string }> {
  let inst;
  try {
    inst = svc.instances.row(id);
  } catch {
    return {
      State: "UNAVAILABLE",
      Reason: "CONNECTION_FAILED",
      Description: "DB instance not found",
    };
  }
  const cluster = svc.instances.clusters.get(inst.id);
  if (inst.status !== "available" || !cluster)
    return {
      State: "UNAVAILABLE",
      Reason: "CONNECTION_FAILED",
      Description: `DB instance is ${inst.status}`,
    };
  for (const a of p.config.Auth) {
    const v = svc.secrets.currentJson(a.SecretArn);
    if (typeof v?.username !== "string" || typeof v.password !== "string")
      return {
        State: "UNAVAILABLE",
        Reason: "INVALID_REPLICATION_STATE",
        Description: `The secret ${a.SecretArn} has no username and password`,
      };
    try {
      await cluster.query("SELECT 1", { user: v.username, password: v.password });
    } catch {
      return {
        State: "UNAVAILABLE",
        Reason: "AUTH_FAILURE",
        Description: `Proxy does not have any registered credentials for user ${v.username}.`,
      };
    }
  }
  return { State: "AVAILABLE" };
}
