import { execFileSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CreateFunctionCommand, InvokeCommand, type Runtime } from "@aws-sdk/client-lambda";
import { createInput, makeZip, startTestEngine, type TestEngine } from "@/test/support/lambda";
import { settled } from "@/test/support/settled";

// Issue 21: a python3.X function runs on a Python 3.X interpreter when the machine has one (on
// PATH, pyenv, uv), else on the host's python3; the log's first line says which one ran. The spec
// controls the search path (PATH, PYENV_ROOT, UV_PYTHON_INSTALL_DIR) with fake install dirs whose
// interpreters are links to the host's python3, named for its version.
const HOST = execFileSync("/usr/bin/python3", [
  "-c",
  "import sys;print('%d.%d.%d'%sys.version_info[:3])",
])
  .toString()
  .trim();
const HOST_MINOR = HOST.split(".").slice(0, 2).join(".");

// Not under /tmp: a sandbox's /tmp is its own tmpfs, which would hide the fake installs.
const root = fs.mkdtempSync("/var/tmp/py-select-");
const saved = {
  PATH: process.env.PATH,
  PYENV_ROOT: process.env.PYENV_ROOT,
  UV_PYTHON_INSTALL_DIR: process.env.UV_PYTHON_INSTALL_DIR,
};
function searchPath(p: { PATH: string; PYENV_ROOT?: string; UV?: string }) {
  process.env.PATH = p.PATH;
  process.env.PYENV_ROOT = p.PYENV_ROOT ?? path.join(root, "no-pyenv");
  process.env.UV_PYTHON_INSTALL_DIR = p.UV ?? path.join(root, "no-uv");
}
function fakeInterpreter(dir: string, name: string): string {
  fs.mkdirSync(dir, { recursive: true });
  const link = path.join(dir, name);
  fs.symlinkSync("/usr/bin/python3", link);
  return link;
}

let t: TestEngine;
beforeAll(async () => {
  t = await startTestEngine("py-select-");
});
afterAll(async () => {
  await t?.close();
  for (const [k, v] of Object.entries(saved)) {
    if (v === undefined) delete process.env[k];
    else process.env[k] = v;
  }
  fs.rmSync(root, { recursive: true, force: true });
});

const HANDLER = makeZip({
  "lambda_function.py":
    "import sys\ndef lambda_handler(event, context):\n    return {'executable': sys.executable, 'version': sys.version.split()[0]}\n",
});

let n = 0;
async function run(runtime: string) {
  const name = `py-sel-${++n}`;
  await t.lambda.send(
    new CreateFunctionCommand(
      createInput(name, {
        Runtime: runtime as Runtime,
        Handler: "lambda_function.lambda_handler",
        Code: { ZipFile: HANDLER },
        Timeout: 15,
      }),
    ),
  );
  await settled(t.lambda, name);
  const r = await t.lambda.send(
    new InvokeCommand({ FunctionName: name, Payload: Buffer.from("{}"), LogType: "Tail" }),
  );
  expect(r.FunctionError).toBeUndefined();
  return {
    out: JSON.parse(Buffer.from(r.Payload ?? new Uint8Array()).toString()) as {
      executable: string;
      version: string;
    },
    log: Buffer.from(r.LogResult ?? "", "base64").toString(),
  };
}

describe("python3.X runs on a Python 3.X when the machine has one", () => {
  it("finds python3.X on PATH, runs the function on it, and says so in the log", async () => {
    const link = fakeInterpreter(path.join(root, "path-bin"), `python${HOST_MINOR}`);
    searchPath({ PATH: `${path.join(root, "path-bin")}:/usr/bin:/bin` });
    const { out, log } = await run(`python${HOST_MINOR}`);
    expect(out).toEqual({ executable: link, version: HOST });
    expect(log).toContain(`[lambda-console] python${HOST_MINOR} runs on Python ${HOST} (${link})`);
  });

  it("finds a pyenv install (newest patch first) and a uv install", async () => {
    const pyenv = path.join(root, "pyenv");
    fakeInterpreter(path.join(pyenv, "versions", `${HOST_MINOR}.0`, "bin"), `python${HOST_MINOR}`);
    const newest = fakeInterpreter(
      path.join(pyenv, "versions", `${HOST_MINOR}.10`, "bin"),
      `python${HOST_MINOR}`,
    );
    searchPath({ PATH: path.join(root, "empty"), PYENV_ROOT: pyenv });
    const a = await run(`python${HOST_MINOR}`);
    expect(a.out.executable).toBe(newest);
    expect(a.log).toContain(`runs on Python ${HOST} (${newest})`);

    // A uv install is a prefix of its own (bin/, lib/python3.X): a copy of the host's interpreter
    // beside a link to its standard library makes one. The sandbox shows it at /var/lang, as Lambda.
    const uv = path.join(root, "uv");
    const prefix = path.join(uv, `cpython-${HOST_MINOR}.4-linux-x86_64-gnu`);
    fs.mkdirSync(path.join(prefix, "bin"), { recursive: true });
    fs.mkdirSync(path.join(prefix, "lib"));
    const uvPython = path.join(prefix, "bin", `python${HOST_MINOR}`);
    fs.copyFileSync(fs.realpathSync("/usr/bin/python3"), uvPython);
    fs.chmodSync(uvPython, 0o755);
    fs.symlinkSync(`/usr/lib/python${HOST_MINOR}`, path.join(prefix, "lib", `python${HOST_MINOR}`));
    searchPath({ PATH: path.join(root, "empty"), UV: uv });
    const b = await run(`python${HOST_MINOR}`);
    expect(b.out).toEqual({ executable: `/var/lang/bin/python${HOST_MINOR}`, version: HOST });
    expect(b.log).toContain(`runs on Python ${HOST} (${uvPython})`);
  });

  it("without one (or with a python3.X that is really another version), the host's python3 runs and the log says why", async () => {
    // python3.15 named, but the host's version inside: not trusted as 3.15.
    fakeInterpreter(path.join(root, "liar-bin"), "python3.15");
    searchPath({ PATH: `${path.join(root, "liar-bin")}:/usr/bin:/bin` });
    const { out, log } = await run("python3.15");
    expect(out).toEqual({ executable: "/usr/bin/python3", version: HOST });
    expect(log).toContain(
      `[lambda-console] python3.15 requested; running on the host's Python ${HOST} (/usr/bin/python3): no Python 3.15 on PATH, in pyenv or uv`,
    );
  });
});
