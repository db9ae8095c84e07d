"use server";

import { z } from "zod";
import { defineAction } from "@/lib/actions/define-action";
import { AwsFailure } from "@/lib/aws/errors";
import {
  createAccessPoint,
  createFileSystem,
  deleteAccessPoint,
  deleteFileSystem,
  setFunctionFileSystem,
} from "@/lib/aws/file-systems";
import { resolveDataDir } from "@/lib/data-dir";
import {
  FileBrowserError,
  fileSystemRoot,
  makeDirectory,
  removeEntry,
} from "@/lib/file-browser/safe-fs";
import { getCurrentTarget } from "@/lib/targets/current-target";

const target = async () => (await getCurrentTarget()).current;
const fileSystemId = z.string().regex(/^fs-[0-9a-f]{8,40}$/, "Not a file system id");
const accessPointId = z.string().regex(/^fsap-[0-9a-f]{8,40}$/, "Not an access point id");
const posixId = z.coerce.number().int().min(0).max(4294967294);
const optionalId = z.preprocess((v) => (v === "" ? undefined : v), posixId.optional());
const LIST = "/file-systems";

export const createFileSystemAction = defineAction({
  permission: "functions.write",
  name: "file-systems.create",
  resource: (i) => (typeof i.name === "string" && i.name ? i.name : "file system"),
  schema: z.object({
    name: z
      .string()
      .max(256)
      .regex(/^[\p{L}\p{Z}\p{N}_.:/=+\-@]*$/u, "Letters, digits, spaces and _.:/=+-@"),
    performanceMode: z.enum(["generalPurpose", "maxIO"]),
    throughputMode: z.enum(["bursting", "elastic", "provisioned"]),
    provisionedMibps: z.preprocess(
      (v) => (v === "" ? undefined : v),
      z.coerce.number().min(1).optional(),
    ),
    encrypted: z.preprocess((v) => v === "on" || v === true || v === "true", z.boolean()),
    subnetId: z.preprocess(
      (v) => (v === "" ? undefined : v),
      z
        .string()
        .regex(/^subnet-[0-9a-f]{8,40}$/, "A subnet id: subnet-<hex>")
        .optional(),
    ),
  }),
  run: async (input) => createFileSystem(await target(), input),
  revalidate: [LIST],
});

export const deleteFileSystemAction = defineAction({
  permission: "functions.write",
  name: "file-systems.delete",
  resource: (i) => String(i.fileSystemId ?? ""),
  schema: z.object({ fileSystemId }),
  confirmOnProduction: ({ fileSystemId: id }) => [id],
  confirmWhat: "the file system ID",
  run: async ({ fileSystemId: id }) => deleteFileSystem(await target(), id),
  revalidate: [LIST],
});

export const createAccessPointAction = defineAction({
  permission: "functions.write",
  name: "file-systems.create-access-point",
  resource: (i) => String(i.fileSystemId ?? ""),
  schema: z
    .object({
      fileSystemId,
      name: z.string().max(256).default(""),
      uid: optionalId,
      gid: optionalId,
      secondaryGids: z
        .string()
        .default("")
        .transform((s) =>
          s
            .split(",")
            .map((x) => x.trim())
            .filter(Boolean)
            .map(Number),
        )
        .pipe(z.array(z.number().int().min(0).max(4294967294)).max(16)),
      rootPath: z.preprocess(
        (v) => (v === "" || v === undefined ? "/" : v),
        z
          .string()
          .regex(
            /^(\/|(\/(?!\.)+[^$#<>;`|&?{}^*/\n]+){1,4})$/,
            "An absolute path of up to four folders, e.g. /lambda",
          ),
      ),
      ownerUid: optionalId,
      ownerGid: optionalId,
      permissions: z.preprocess(
        (v) => (v === "" ? undefined : v),
        z
          .string()
          .regex(/^[0-7]{3,4}$/, "Octal permissions, e.g. 755")
          .optional(),
      ),
    })
    .refine((v) => (v.uid === undefined) === (v.gid === undefined), {
      message: "Give both the user id and the group id, or neither",
      path: ["gid"],
    })
    .refine(
      (v) =>
        [v.ownerUid, v.ownerGid, v.permissions].every((x) => x === undefined) ||
        [v.ownerUid, v.ownerGid, v.permissions].every((x) => x !== undefined),
      { message: "Give owner uid, owner gid and permissions together", path: ["permissions"] },
    ),
  run: async (v) =>
    createAccessPoint(await target(), {
      fileSystemId: v.fileSystemId,
      name: v.name,
      ...(v.uid !== undefined && v.gid !== undefined ? { uid: v.uid, gid: v.gid } : {}),
      secondaryGids: v.secondaryGids,
      rootPath: v.rootPath,
      ...(v.ownerUid !== undefined && v.ownerGid !== undefined && v.permissions
        ? { creation: { ownerUid: v.ownerUid, ownerGid: v.ownerGid, permissions: v.permissions } }
        : {}),
    }),
  revalidate: [LIST],
});

export const deleteAccessPointAction = defineAction({
  permission: "functions.write",
  name: "file-systems.delete-access-point",
  resource: (i) => String(i.accessPointId ?? ""),
  schema: z.object({ accessPointId }),
  // Functions that mount it stop working.
  confirmOnProduction: ({ accessPointId: id }) => [id],
  confirmWhat: "the access point ID",
  run: async ({ accessPointId: id }) => deleteAccessPoint(await target(), id),
  revalidate: [LIST],
});

/** Function Configuration → File system: attach an access point at /mnt/..., or detach. */
export const setFunctionFileSystemAction = defineAction({
  permission: "functions.write",
  name: "functions.file-system",
  schema: z.object({
    functionName: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/),
    accessPointArn: z.string().max(256).default(""),
    mountPath: z.string().default(""),
    subnetIds: z
      .string()
      .default("")
      .transform((s) =>
        s
          .split(",")
          .map((x) => x.trim())
          .filter(Boolean),
      ),
  }),
  // Detaching takes the function's files away: as availability-changing as a code update.
  confirmOnProduction: ({ functionName, accessPointArn }) =>
    accessPointArn === "" ? [functionName] : null,
  run: async ({ functionName, accessPointArn, mountPath, subnetIds }) => {
    if (!accessPointArn) return setFunctionFileSystem(await target(), functionName, undefined);
    if (!/^\/mnt\/[a-zA-Z0-9-_.]+$/.test(mountPath))
      throw new AwsFailure("Invalid", "The local mount path must be /mnt/<name>.", "InvalidPath");
    return setFunctionFileSystem(
      await target(),
      functionName,
      { accessPointArn, mountPath },
      subnetIds,
    );
  },
});

/** Local file systems only: the engine keeps them under the data dir this console shares. */
async function localRoot(id: string): Promise<string> {
  const t = await target();
  if (t.kind !== "local")
    throw new AwsFailure(
      "Invalid",
      "The file browser works on the local engine's file systems.",
      "NotLocal",
    );
  try {
    return fileSystemRoot(resolveDataDir(process.env), id);
  } catch (err) {
    throw asFailure(err);
  }
}

function asFailure(err: unknown): unknown {
  if (!(err instanceof FileBrowserError)) return err;
  const kind = err.status === 404 ? "NotFound" : err.status === 409 ? "Conflict" : "Invalid";
  return new AwsFailure(kind, err.message, "FileBrowser");
}

const browserInput = z.object({
  fileSystemId,
  dir: z.string().max(4096).default("/"),
  name: z.string().min(1).max(255),
});

export const makeFolderAction = defineAction({
  permission: "functions.write",
  name: "file-systems.make-folder",
  resource: (i) =>
    `${String(i.fileSystemId ?? "")}:${String(i.dir ?? "/")}/${String(i.name ?? "")}`,
  schema: browserInput,
  run: async ({ fileSystemId: id, dir, name }) => {
    const root = await localRoot(id);
    try {
      makeDirectory(root, dir, name);
    } catch (err) {
      throw asFailure(err);
    }
  },
});

export const deleteEntryAction = defineAction({
  permission: "functions.write",
  name: "file-systems.delete-file",
  resource: (i) =>
    `${String(i.fileSystemId ?? "")}:${String(i.dir ?? "/")}/${String(i.name ?? "")}`,
  schema: browserInput,
  run: async ({ fileSystemId: id, dir, name }) => {
    const root = await localRoot(id);
    try {
      removeEntry(root, `${dir}/${name}`);
    } catch (err) {
      throw asFailure(err);
    }
  },
});
