/** The console's view of databases and proxies (plain data: safe for client components). */
export interface DbInstanceSummary {
  id: string;
  status: string;
  engine: string;
  engineVersion?: string;
  instanceClass?: string;
  address?: string;
  port?: number;
  masterUsername?: string;
  managedSecretArn?: string;
}

interface ProxyTargetSummary {
  instanceId: string;
  port?: number;
  health: string;
  reason?: string;
  description?: string;
}

export interface PoolSettings {
  maxConnectionsPercent?: number;
  maxIdleConnectionsPercent?: number;
  connectionBorrowTimeout?: number;
  initQuery?: string;
}

/** Live figures from the proxy's pooler (PgBouncer's SHOW POOLS / SHOW STATS on the local engine). */
export interface PoolFigures {
  clientsActive: number;
  clientsWaiting: number;
  serversActive: number;
  serversIdle: number;
  totalQueries: number;
  averageQueryMicros: number;
  restarts: number;
}

export interface DbProxySummary {
  name: string;
  status: string;
  engineFamily?: string;
  endpoint?: string;
  requireTls: boolean;
  idleClientTimeout?: number;
  iamAuth: boolean;
  secretArns: string[];
  targets: ProxyTargetSummary[];
  pool: PoolSettings;
  /** Undefined where the target gives no live figures (AWS: CloudWatch's DatabaseConnections). */
  figures?: PoolFigures;
}

export interface DatabasesOverview {
  instances: DbInstanceSummary[];
  proxies: DbProxySummary[];
}
