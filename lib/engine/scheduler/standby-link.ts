import fs from "node:fs/promises";
import path from "node:path";

/**
 * Mirrors a code tree into an (empty) standby task dir: directories made with their modes, files
 * hard-linked (the same read-only inodes, no bytes copied), a copy when linking is refused
 * (another file system), symlinks recreated as they are.
 */
export async function linkTree(from: string, to: string): Promise<void> {
  const entries = await fs.readdir(from, { withFileTypes: true });
  await Promise.all(
    entries.map(async (e) => {
      const src = path.join(from, e.name);
      const dst = path.join(to, e.name);
      if (e.isDirectory()) {
        const st = await fs.stat(src);
        await fs.mkdir(dst, { mode: st.mode & 0o7777 });
        await fs.chmod(dst, st.mode & 0o7777);
        await linkTree(src, dst);
      } else if (e.isSymbolicLink()) {
        await fs.symlink(await fs.readlink(src), dst);
      } else if (e.isFile()) {
        await fs.link(src, dst).catch(async (err: NodeJS.ErrnoException) => {
          if (err.code !== "EXDEV" && err.code !== "EPERM" && err.code !== "EMLINK") throw err;
          await fs.copyFile(src, dst);
          await fs.chmod(dst, (await fs.stat(src)).mode & 0o7777);
        });
      }
    }),
  );
}
