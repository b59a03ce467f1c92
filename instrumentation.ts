// Runs once when a server process starts, before it serves requests.
export async function register() {
  // NEXT_RUNTIME is set by Next.js itself (not configuration): the reaper needs Node, not the edge runtime.
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const { startReaper } = await import("./lib/chat/liveness");
  // Replies left `streaming` by a crashed instance are failed now and whenever a producer stops, on every instance.
  startReaper();
}
