/**
 * Retries `fn` until it returns without throwing, or rethrows its last error after `timeout` ms.
 * Specs pass `vi.waitFor`; scripts and the bench, which run outside Vitest, pass
 * scripts/lib/poll.ts's `poll`. Support modules that scripts also load take one as a parameter
 * instead of importing `vitest`.
 */
export type Waiter = <T>(
  fn: () => Promise<T>,
  o: { timeout: number; interval: number },
) => Promise<T>;
