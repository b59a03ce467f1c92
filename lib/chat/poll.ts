/**
 * Calls `check` every `intervalMs` until it returns a value (not null/undefined/false) or `timeoutMs` has
 * passed; returns that value, or null on timeout. The one polling loop of the reply engine.
 */
export async function pollUntil<T>(
  check: () => Promise<T | null | undefined | false>,
  { timeoutMs, intervalMs }: { timeoutMs: number; intervalMs: number },
): Promise<T | null> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== null && value !== undefined && value !== false) return value;
    if (Date.now() + intervalMs > deadline) return null;
    await sleep(intervalMs);
  }
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
