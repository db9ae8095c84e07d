import {
  DeleteDBProxyCommand,
  DescribeDBProxiesCommand,
  DescribeDBProxyTargetGroupsCommand,
  DescribeDBProxyTargetsCommand,
  ModifyDBProxyCommand,
  ModifyDBProxyTargetGroupCommand,
  RegisterDBProxyTargetsCommand,
  DeregisterDBProxyTargetsCommand,
} from "@aws-sdk/client-rds";
import { PutSecretValueCommand } from "@aws-sdk/client-secrets-manager";
import { describe, expect, vi } from "vitest";
import { type TestEngine } from "@/test/support/lambda";
import { engineTest } from "@/test/support/fixtures";
import {
  PASSWORD,
  availableInstance,
  availableProxy,
  consoleRoute,
  psql,
  rdsClientFor,
  secretsClientFor,
} from "@/test/support/rds";

let t: TestEngine;
let dbPort = 0;
let proxy: { secretArn: string; endpoint: string; port: number };

const test = engineTest("rds-proxies-");

test.beforeAll(async ({ testEngine }) => {
  t = testEngine;
  const rds = rdsClientFor(t.engine);
  dbPort = await availableInstance(vi.waitFor, rds, "target-db");
  proxy = await availableProxy(vi.waitFor, t.engine, "app-proxy");
  await rds.send(
    new RegisterDBProxyTargetsCommand({
      DBProxyName: "app-proxy",
      TargetGroupName: "default",
      DBInstanceIdentifiers: ["target-db"],
    }),
  );
  await vi.waitFor(
    async () => {
      const r = await rds.send(new DescribeDBProxyTargetsCommand({ DBProxyName: "app-proxy" }));
      expect(r.Targets?.[0]?.TargetHealth?.State).toBe("AVAILABLE");
    },
    { timeout: 20_000, interval: 100 },
  );
}, 120_000);

/** Server connections of `user` the database sees, other than the sampling one. */
const backends = () =>
  psql(
    dbPort,
    "SELECT count(*) FROM pg_stat_activity WHERE usename = 'app' AND backend_type = 'client backend' AND pid <> pg_backend_pid()",
  ).then(Number);

describe("DB proxies (PgBouncer per proxy)", () => {
  test("describes the proxy as RDS does and relays queries to its target", async () => {
    const rds = rdsClientFor(t.engine);
    const d = (await rds.send(new DescribeDBProxiesCommand({ DBProxyName: "app-proxy" })))
      .DBProxies?.[0];
    expect(d).toMatchObject({
      DBProxyName: "app-proxy",
      EngineFamily: "POSTGRESQL",
      Status: "available",
      RequireTLS: false,
      IdleClientTimeout: 1800,
      Auth: [{ SecretArn: proxy.secretArn, IAMAuth: "DISABLED" }],
    });
    expect(d?.Endpoint).toMatch(/^app-proxy\.proxy-[a-z0-9]{12}\.us-east-1\.rds\.amazonaws\.com$/);
    expect(await psql(proxy.port, "SELECT inet_server_port()")).toBe(String(dbPort));
    const groups = await rds.send(
      new DescribeDBProxyTargetGroupsCommand({ DBProxyName: "app-proxy" }),
    );
    expect(groups.TargetGroups?.[0]).toMatchObject({
      TargetGroupName: "default",
      IsDefault: true,
      ConnectionPoolConfig: {
        MaxConnectionsPercent: 100,
        MaxIdleConnectionsPercent: 50,
        ConnectionBorrowTimeout: 120,
      },
    });
    const pool = await consoleRoute(t.engine, "GET", "/lambda-console/db-proxies/app-proxy/pool");
    expect(pool.body).toMatchObject({ available: true });
    expect(Number(pool.body.totalQueries)).toBeGreaterThanOrEqual(1);
  });

  test("answers RDS's errors", async () => {
    const rds = rdsClientFor(t.engine);
    await expect(
      rds.send(new DescribeDBProxiesCommand({ DBProxyName: "missing" })),
    ).rejects.toMatchObject({ name: "DBProxyNotFoundFault" });
    await expect(
      rds.send(
        new RegisterDBProxyTargetsCommand({
          DBProxyName: "app-proxy",
          DBInstanceIdentifiers: ["target-db"],
        }),
      ),
    ).rejects.toMatchObject({ name: "DBProxyTargetAlreadyRegisteredFault" });
    await expect(
      rds.send(
        new DescribeDBProxyTargetsCommand({ DBProxyName: "app-proxy", TargetGroupName: "other" }),
      ),
    ).rejects.toMatchObject({ name: "DBProxyTargetGroupNotFoundFault" });
    await expect(
      rds.send(
        new DeregisterDBProxyTargetsCommand({
          DBProxyName: "app-proxy",
          DBInstanceIdentifiers: ["nope"],
        }),
      ),
    ).rejects.toMatchObject({ name: "DBProxyTargetNotFoundFault" });
    await expect(
      rds.send(
        new ModifyDBProxyTargetGroupCommand({
          DBProxyName: "app-proxy",
          TargetGroupName: "default",
          ConnectionPoolConfig: { MaxConnectionsPercent: 150 },
        }),
      ),
    ).rejects.toMatchObject({ name: "InvalidParameterValue" });
  });

  test("holds backend connections to MaxConnectionsPercent of max_connections (ModifyDBProxyTargetGroup)", async () => {
    const rds = rdsClientFor(t.engine);
    // max_connections is 100: 4 % is 4 backend connections for 12 concurrent clients.
    const r = await rds.send(
      new ModifyDBProxyTargetGroupCommand({
        DBProxyName: "app-proxy",
        TargetGroupName: "default",
        ConnectionPoolConfig: { MaxConnectionsPercent: 4, MaxIdleConnectionsPercent: 2 },
      }),
    );
    expect(r.DBProxyTargetGroup?.ConnectionPoolConfig?.MaxConnectionsPercent).toBe(4);
    await t.engine.databases.proxies.reapply("app-proxy");
    let peak = 0;
    let sampling = true;
    const sampler = (async () => {
      while (sampling) peak = Math.max(peak, await backends());
    })();
    const results = await Promise.all(
      Array.from({ length: 12 }, (_, i) => psql(proxy.port, `SELECT ${i} FROM pg_sleep(0.3)`)),
    );
    sampling = false;
    await sampler;
    expect(results.map(Number)).toEqual(Array.from({ length: 12 }, (_, i) => i));
    expect(peak).toBeGreaterThan(0);
    expect(peak).toBeLessThanOrEqual(4);
    await rds.send(
      new ModifyDBProxyTargetGroupCommand({
        DBProxyName: "app-proxy",
        TargetGroupName: "default",
        ConnectionPoolConfig: { MaxConnectionsPercent: 100, MaxIdleConnectionsPercent: 50 },
      }),
    );
  });

  test("ModifyDBProxy RequireTLS: plaintext clients are refused, TLS ones pass", async () => {
    const rds = rdsClientFor(t.engine);
    await rds.send(new ModifyDBProxyCommand({ DBProxyName: "app-proxy", RequireTLS: true }));
    await expect
      .poll(() =>
        psql(proxy.port, "SELECT 1", { sslmode: "disable" }).then(
          () => "accepted",
          () => "refused",
        ),
      )
      .toBe("refused");
    expect(
      await psql(proxy.port, "SELECT ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()", {
        sslmode: "require",
      }),
    ).toMatch(/^[tf]$/);
    await rds.send(new ModifyDBProxyCommand({ DBProxyName: "app-proxy", RequireTLS: false }));
    await expect
      .poll(() =>
        psql(proxy.port, "SELECT 1", { sslmode: "disable" }).then(
          () => "accepted",
          () => "refused",
        ),
      )
      .toBe("accepted");
  });

  test("rotation: PutSecretValue → the proxy uses the new password, an in-flight query finishes", async () => {
    const sm = secretsClientFor(t.engine);
    const inFlight = psql(proxy.port, "SELECT 'finished' FROM pg_sleep(2)");
    await expect.poll(backends).toBeGreaterThanOrEqual(1);
    const next = "r0tated-Passw0rd";
    await psql(dbPort, `ALTER ROLE app PASSWORD '${next}'`);
    await sm.send(
      new PutSecretValueCommand({
        SecretId: proxy.secretArn,
        SecretString: JSON.stringify({ username: "app", password: next }),
      }),
    );
    await expect
      .poll(
        () => psql(proxy.port, "SELECT 'new'", { password: next }).catch((e: Error) => e.message),
        { timeout: 10_000 },
      )
      .toBe("new");
    await expect(psql(proxy.port, "SELECT 1", { password: PASSWORD })).rejects.toThrow(
      /authentication failed/,
    );
    expect(await inFlight).toBe("finished");
    await psql(dbPort, `ALTER ROLE app PASSWORD '${PASSWORD}'`, { password: next });
    await sm.send(
      new PutSecretValueCommand({
        SecretId: proxy.secretArn,
        SecretString: JSON.stringify({ username: "app", password: PASSWORD }),
      }),
    );
    await expect
      .poll(() => psql(proxy.port, "SELECT 'back'").catch((e: Error) => e.message), {
        timeout: 10_000,
      })
      .toBe("back");
  });

  test("restarts PgBouncer when it crashes", async () => {
    const bouncer = t.engine.databases.proxies.bouncer("app-proxy");
    const before = bouncer?.pid;
    expect(before).toBeGreaterThan(0);
    process.kill(before ?? 0, "SIGKILL");
    await expect
      .poll(() => bouncer?.pid !== undefined && bouncer.pid !== before, { timeout: 15_000 })
      .toBe(true);
    await expect
      .poll(() => psql(proxy.port, "SELECT 'up again'").catch((e: Error) => e.message), {
        timeout: 15_000,
      })
      .toBe("up again");
    expect(bouncer?.restarts).toBe(1);
  });

  test("survives an engine restart: PgBouncer stops with the engine and comes back on the same endpoint", async () => {
    const before = t.engine.databases.proxies.bouncer("app-proxy")?.pid ?? 0;
    expect(before).toBeGreaterThan(0);
    await t.restart();
    const alive = (pid: number) => {
      try {
        process.kill(pid, 0);
        return true;
      } catch {
        return false;
      }
    };
    expect(alive(before)).toBe(false);
    const rds = rdsClientFor(t.engine);
    await expect
      .poll(
        async () =>
          (await rds.send(new DescribeDBProxiesCommand({ DBProxyName: "app-proxy" })))
            .DBProxies?.[0]?.Status,
        { timeout: 30_000 },
      )
      .toBe("available");
    await expect
      .poll(() => psql(proxy.port, "SELECT 'back after restart'").catch((e: Error) => e.message), {
        timeout: 30_000,
      })
      .toBe("back after restart");
  });

  test("deletes a proxy: its PgBouncer stops, the proxy is gone", async () => {
    const rds = rdsClientFor(t.engine);
    const other = await availableProxy(vi.waitFor, t.engine, "doomed-proxy");
    const r = await rds.send(new DeleteDBProxyCommand({ DBProxyName: "doomed-proxy" }));
    expect(r.DBProxy?.Status).toBe("deleting");
    await expect
      .poll(() =>
        rds.send(new DescribeDBProxiesCommand({ DBProxyName: "doomed-proxy" })).then(
          () => "present",
          (e: Error) => e.name,
        ),
      )
      .toBe("DBProxyNotFoundFault");
    await expect(psql(other.port, "SELECT 1")).rejects.toThrow(
      /Connection refused|could not connect/,
    );
  });
});
