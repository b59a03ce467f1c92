/**
 * State that must exist once per server process. Next.js can load a module more than once in one process
 * (dev reloads, the instrumentation bundle beside the routes' bundle), so the value lives on globalThis under
 * `name` and the first caller's `create` makes it. A value that is replaced later is kept in a box:
 * `processGlobal("x", () => ({ current: null }))`.
 */
export function processGlobal<T extends object>(name: string, create: () => T): T {
  const store = globalThis as unknown as Record<string, T | undefined>;
  store[name] ??= create();
  return store[name];
}
