// `node --import tsx lib/idp/main.ts`: the embedded OpenID Connect provider as its own process.
import { ADMIN_USER } from "./bootstrap";
import { startIdp } from "./server";

const idp = await startIdp();
console.log(
  `[idp] OpenID Connect issuer ${idp.issuer} (client "${idp.settings.client.clientId}", users in ${idp.settings.dataDir}/console.sqlite)`,
);
if (idp.admin.kind === "created" && idp.admin.generated) {
  // Printed exactly once: the hash is all that is stored. Lost? `npm run users -- passwd admin`.
  console.log(`[idp] created user "${ADMIN_USER}" with one-time password: ${idp.admin.password}`);
  console.log(`[idp] change it with: npm run users -- passwd ${ADMIN_USER}`);
} else if (idp.admin.kind === "created" || idp.admin.kind === "password-set") {
  console.log(`[idp] user "${ADMIN_USER}" has the password from LAMBDA_CONSOLE_ADMIN_PASSWORD`);
}

for (const sig of ["SIGINT", "SIGTERM"] as const) {
  process.once(sig, () => {
    void idp.stop().then(() => process.exit(0));
  });
}
