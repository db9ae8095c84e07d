"use server";

import { z } from "zod";
import { defineAction } from "@/lib/actions/define-action";
import { getConsoleStores } from "@/lib/auth/console-stores";
import { loadOidcSettings } from "@/lib/auth/settings";
import { AwsFailure } from "@/lib/aws/errors";
import { generatePassword } from "@/lib/idp/password";
import { UserStoreError } from "@/lib/idp/user-store";

const groupsField = z
  .string()
  .default("")
  .transform((s) =>
    s
      .split(",")
      .map((g) => g.trim())
      .filter(Boolean),
  );

/**
 * The local IdP's user store. Its expected failures become the wrapper's "Invalid" failure, so the
 * form shows the message and the audit log records an error.
 */
async function withUsers<T>(
  fn: (users: ReturnType<typeof getConsoleStores>["users"]) => Promise<T> | T,
): Promise<T> {
  if (!loadOidcSettings().embedded) {
    throw new AwsFailure(
      "Invalid",
      "Users are managed in the external identity provider.",
      "ExternalIdp",
    );
  }
  try {
    return await fn(getConsoleStores().users);
  } catch (err) {
    if (err instanceof UserStoreError)
      throw new AwsFailure("Invalid", err.message, "UserStoreError");
    throw err;
  }
}

export const addUser = defineAction({
  permission: "admin",
  name: "users.add",
  schema: z.object({
    name: z.string().trim().min(1, "Enter a user name"),
    groups: groupsField,
    email: z.string().trim().optional(),
  }),
  revalidate: ["/users"],
  run: async ({ name, groups, email }) => {
    const password = generatePassword();
    await withUsers((users) => users.add({ name, password, groups, email: email || null }));
    return { message: `Added ${name}. One-time password (shown once): ${password}` };
  },
});

export const removeUser = defineAction({
  permission: "admin",
  name: "users.remove",
  schema: z.object({ name: z.string().min(1) }),
  revalidate: ["/users"],
  run: async ({ name }, { session }) => {
    if (session.user.id === name) {
      throw new AwsFailure(
        "Invalid",
        "You cannot remove the account you are signed in with.",
        "Self",
      );
    }
    const removed = await withUsers((users) => users.remove(name));
    if (!removed) throw new AwsFailure("NotFound", `No user "${name}".`, "UserNotFound");
    return { message: `Removed ${name}.` };
  },
});

export const setUserGroups = defineAction({
  permission: "admin",
  name: "users.set-groups",
  schema: z.object({ name: z.string().min(1), groups: groupsField }),
  revalidate: ["/users"],
  run: async ({ name, groups }) => {
    const user = await withUsers((users) => users.setGroups(name, groups));
    return {
      message: `Groups of ${name}: ${user.groups.join(", ") || "none"}.`,
    };
  },
});

export const resetPassword = defineAction({
  permission: "admin",
  name: "users.reset-password",
  schema: z.object({ name: z.string().min(1) }),
  run: async ({ name }) => {
    const password = generatePassword();
    await withUsers((users) => users.setPassword(name, password));
    return { message: `New one-time password for ${name} (shown once): ${password}` };
  },
});
