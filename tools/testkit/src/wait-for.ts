/**
 * Polls `check` until it returns something other than undefined, or throws after `timeoutMs`.
 * The pause between checks starts at 10 ms and doubles up to 100 ms: most facts a test waits
 * for (a file, a status, a line) arrive within a few tens of milliseconds, and a fixed 100 ms
 * pause cost each wait 50 ms on average, while long waits still check only ten times a second.
 */
export async function waitFor<T>(what: string, check: () => Promise<T | undefined>, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  let pauseMs = 10;
  while (Date.now() < deadline) {
    try {
      const value = await check();
      if (value !== undefined) return value;
    } catch (err) {
      last = err;
    }
    await new Promise((r) => setTimeout(r, pauseMs));
    pauseMs = Math.min(pauseMs * 2, 100);
  }
  throw new Error(`timed out waiting for ${what}${last ? `: ${last}` : ""}`);
}
