/**
 * Marks a server action that is public by design (signing in and out need no role): the reason is
 * the review trail, and the guard test (lib/auth/guards.test.ts) accepts only "use server" exports
 * built with this or defineAction.
 */
export function publicAction<A extends unknown[]>(
  reason: string,
  action: (...args: A) => Promise<void>,
): (...args: A) => Promise<void> {
  void reason;
  return action;
}
