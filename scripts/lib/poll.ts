import type { Waiter } from "../../test/support/wait";

/** `vi.waitFor` for scripts and the bench, which run outside Vitest. */
export const poll: Waiter = async (fn, o) => {
  const deadline = Date.now() + o.timeout;
  for (;;) {
    try {
      return await fn();
    } catch (err) {
      if (Date.now() > deadline) throw err;
      await new Promise((r) => setTimeout(r, o.interval));
    }
  }
};
