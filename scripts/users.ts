// `npm run users -- add <name> [--groups a,b] [--password p] [--email e] | remove <name> | list |
// passwd <name> [--password p] | groups <name> a,b`: users of the embedded IdP, in the data dir.
import { openConsoleDb } from "../lib/console-db/db";
import { resolveDataDir } from "../lib/data-dir";
import { generatePassword } from "../lib/idp/password";
import { UserStore, UserStoreError } from "../lib/idp/user-store";

const USAGE = `usage: npm run users -- <command>
  add <name> [--groups a,b] [--password p] [--email e]   (prints a generated password when --password is omitted)
  remove <name>
  list
  passwd <name> [--password p]                           (prints a generated password when --password is omitted)
  groups <name> <a,b>                                    (replaces the user's groups; "" for none)
Users live in $LAMBDA_CONSOLE_DATA_DIR/console.sqlite (default ./.data). Roles come from groups:
lambda-admins, lambda-operators, lambda-developers, lambda-viewers (or AUTH_ROLE_MAP).`;

function parse(argv: string[]): { positional: string[]; flags: Map<string, string> } {
  const positional: string[] = [];
  const flags = new Map<string, string>();
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] ?? "";
    if (arg.startsWith("--")) {
      const [key, inline] = arg.slice(2).split("=", 2);
      const value = inline ?? argv[++i];
      if (!key || value === undefined) throw new UserStoreError(`${arg} needs a value`);
      flags.set(key, value);
    } else positional.push(arg);
  }
  return { positional, flags };
}

function splitGroups(value: string | undefined): string[] {
  return (value ?? "")
    .split(",")
    .map((g) => g.trim())
    .filter(Boolean);
}

export async function runUsersCli(
  argv: string[],
  env: NodeJS.ProcessEnv = process.env,
): Promise<number> {
  const { positional, flags } = parse(argv);
  const [command, name, extra] = positional;
  if (!command || command === "help" || flags.has("help")) {
    console.log(USAGE);
    return command ? 0 : 1;
  }
  const db = openConsoleDb(resolveDataDir(env));
  try {
    const users = new UserStore(db);
    switch (command) {
      case "list": {
        const all = users.list();
        if (all.length === 0) console.log('no users (the IdP creates "admin" at its first start)');
        for (const u of all)
          console.log(`${u.name}\t${u.groups.join(",") || "-"}\t${u.email ?? ""}`);
        return 0;
      }
      case "add": {
        if (!name) throw new UserStoreError("add needs a user name");
        const given = flags.get("password");
        const password = given ?? generatePassword();
        await users.add({
          name,
          password,
          groups: splitGroups(flags.get("groups")),
          email: flags.get("email") ?? null,
          // A generated password must be replaced at the first sign-in; a given one was chosen.
          chosen: given !== undefined,
        });
        console.log(`added ${name}${given ? "" : ` with password: ${password}`}`);
        return 0;
      }
      case "remove": {
        if (!name) throw new UserStoreError("remove needs a user name");
        if (!users.remove(name)) throw new UserStoreError(`no user "${name}"`);
        console.log(
          `removed ${name}: they can no longer sign in, and an open console session ends at its next request`,
        );
        return 0;
      }
      case "passwd": {
        if (!name) throw new UserStoreError("passwd needs a user name");
        const given = flags.get("password");
        const password = given ?? generatePassword();
        await users.setPassword(name, password, { chosen: given !== undefined });
        console.log(`password of ${name} changed${given ? "" : ` to: ${password}`}`);
        return 0;
      }
      case "groups": {
        if (!name || extra === undefined)
          throw new UserStoreError("groups needs a user name and a comma-separated list");
        const u = users.setGroups(name, splitGroups(extra));
        console.log(`${u.name}\t${u.groups.join(",") || "-"}`);
        return 0;
      }
      default:
        throw new UserStoreError(`unknown command "${command}"\n${USAGE}`);
    }
  } finally {
    db.close();
  }
}

// Run only as a script, so tests can import runUsersCli.
if (
  import.meta.url === `file://${process.argv[1]}` ||
  process.argv[1]?.endsWith("scripts/users.ts")
) {
  runUsersCli(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (err: unknown) => {
      console.error(err instanceof UserStoreError ? `error: ${err.message}` : err);
      process.exit(1);
    },
  );
}
