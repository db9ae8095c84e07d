import {
  checkIdentifier,
  type InstanceConfig,
  type InstanceRow,
  type InstanceService,
} from "./instances";
import {
  QueryParams,
  RdsError,
  invalidParameter,
  queryResponse,
  xmlList,
  type XmlValue,
} from "./query";

const tagsOf = (p: QueryParams) =>
  p.structs("Tags").map((t) => ({ Key: t.Key ?? "", Value: t.Value ?? "" }));

/** A DBInstance as RDS shapes it (the members a console and the CLI read). */
function dbInstanceXml(svc: InstanceService, r: InstanceRow): Record<string, XmlValue> {
  const cfg = JSON.parse(r.config) as InstanceConfig;
  const up = r.status !== "creating";
  return {
    DBInstanceIdentifier: r.id,
    DBInstanceClass: cfg.DBInstanceClass,
    Engine: "postgres",
    DBInstanceStatus: r.status,
    MasterUsername: r.master_username,
    DBName: r.db_name ?? undefined,
    Endpoint: up
      ? { Address: "127.0.0.1", Port: r.port, HostedZoneId: "Z2R2ITUGPM61AM" }
      : undefined,
    AllocatedStorage: cfg.AllocatedStorage,
    InstanceCreateTime: up ? new Date(r.created_at) : undefined,
    BackupRetentionPeriod: 0,
    DBSecurityGroups: xmlList("DBSecurityGroup", []),
    VpcSecurityGroups: xmlList("VpcSecurityGroupMembership", []),
    DBParameterGroups: xmlList("DBParameterGroup", [
      {
        DBParameterGroupName: `default.postgres${cfg.EngineVersion.split(".")[0]}`,
        ParameterApplyStatus: "in-sync",
      },
    ]),
    AvailabilityZone: "local",
    MultiAZ: false,
    EngineVersion: cfg.EngineVersion,
    AutoMinorVersionUpgrade: false,
    PubliclyAccessible: false,
    StorageType: "gp3",
    DbInstancePort: 0,
    StorageEncrypted: false,
    DbiResourceId: r.resource_id,
    DeletionProtection: cfg.DeletionProtection,
    DBInstanceArn: `${svc.arnPrefix}db:${r.id}`,
    IAMDatabaseAuthenticationEnabled: false,
    TagList: xmlList("Tag", cfg.Tags),
    MasterUserSecret: r.secret_arn
      ? { SecretArn: r.secret_arn, SecretStatus: "active" }
      : undefined,
  };
}

export function instanceActions(svc: InstanceService, engineVersion: string) {
  const one = (action: string, r: InstanceRow) =>
    queryResponse(action, { DBInstance: dbInstanceXml(svc, r) });
  return {
    async CreateDBInstance(p: QueryParams) {
      const id = checkIdentifier(p.required("DBInstanceIdentifier"));
      const engine = p.required("Engine");
      if (engine !== "postgres")
        throw invalidParameter(
          `Invalid DB engine: ${engine}. The local engine runs postgres instances only.`,
        );
      const master = p.str("MasterUsername");
      if (!master)
        throw invalidParameter(
          "The parameter MasterUsername must be provided and must not be blank.",
        );
      if (master.toLowerCase() === "rdsadmin")
        throw invalidParameter(
          `MasterUsername ${master} cannot be used as it is a reserved word used by the engine`,
        );
      if (!/^[a-zA-Z][a-zA-Z0-9_]{0,62}$/.test(master))
        throw invalidParameter(
          "MasterUsername must begin with a letter and contain only alphanumeric characters and underscores (1 to 63 characters).",
        );
      const password = p.str("MasterUserPassword");
      const manage = p.bool("ManageMasterUserPassword") ?? false;
      if (manage && password !== undefined)
        throw new RdsError(
          "InvalidParameterCombination",
          "You can't specify MasterUserPassword when ManageMasterUserPassword is turned on.",
        );
      if (!manage && !password)
        throw invalidParameter(
          "The parameter MasterUserPassword must be provided and must not be blank.",
        );
      if (password !== undefined && (password.length < 8 || /[/"@]/.test(password)))
        throw invalidParameter(
          "The parameter MasterUserPassword is not a valid password. Only printable ASCII characters besides '/', '@', '\"', ' ' may be used, and it must be at least 8 characters.",
        );
      const dbName = p.str("DBName");
      if (dbName !== undefined && !/^[a-zA-Z][a-zA-Z0-9_]{0,62}$/.test(dbName))
        throw invalidParameter("The parameter DBName is not a valid identifier.");
      const r = await svc.create({
        id,
        masterUsername: master,
        password,
        manage,
        dbName,
        config: {
          DBInstanceClass: p.str("DBInstanceClass") ?? "db.t3.micro",
          AllocatedStorage: p.int("AllocatedStorage") ?? 20,
          EngineVersion: p.str("EngineVersion") ?? engineVersion,
          DeletionProtection: p.bool("DeletionProtection") ?? false,
          Tags: tagsOf(p),
        },
      });
      return one("CreateDBInstance", r);
    },
    DescribeDBInstances(p: QueryParams) {
      const id = p.str("DBInstanceIdentifier");
      const rows = id !== undefined ? [svc.row(id)] : svc.list();
      return queryResponse("DescribeDBInstances", {
        DBInstances: xmlList(
          "DBInstance",
          rows.map((r) => dbInstanceXml(svc, r)),
        ),
      });
    },
    async ModifyDBInstance(p: QueryParams) {
      const id = p.required("DBInstanceIdentifier");
      const cfg: Partial<InstanceConfig> = {};
      const cls = p.str("DBInstanceClass");
      if (cls) cfg.DBInstanceClass = cls;
      const storage = p.int("AllocatedStorage");
      if (storage !== undefined) cfg.AllocatedStorage = storage;
      const protect = p.bool("DeletionProtection");
      if (protect !== undefined) cfg.DeletionProtection = protect;
      const password = p.str("MasterUserPassword");
      if (password !== undefined && password.length < 8)
        throw invalidParameter(
          "The parameter MasterUserPassword is not a valid password because it is shorter than 8 characters.",
        );
      const r = await svc.modify(id, {
        password,
        manage: p.bool("ManageMasterUserPassword"),
        config: cfg,
      });
      return one("ModifyDBInstance", r);
    },
    RebootDBInstance: async (p: QueryParams) =>
      one("RebootDBInstance", await svc.reboot(p.required("DBInstanceIdentifier"))),
    DeleteDBInstance(p: QueryParams) {
      const id = p.required("DBInstanceIdentifier");
      const skip = p.bool("SkipFinalSnapshot") ?? false;
      const snapshot = p.str("FinalDBSnapshotIdentifier");
      if (!skip && !snapshot)
        throw new RdsError(
          "InvalidParameterCombination",
          "FinalDBSnapshotIdentifier is required unless SkipFinalSnapshot is specified.",
        );
      if (skip && snapshot)
        throw new RdsError(
          "InvalidParameterCombination",
          "Cannot specify both SkipFinalSnapshot and FinalDBSnapshotIdentifier.",
        );
      if (snapshot)
        throw invalidParameter(
          "The local engine does not take DB snapshots: delete with SkipFinalSnapshot.",
        );
      return one("DeleteDBInstance", svc.delete(id));
    },
  };
}
