// Runs once when each server instance starts (Next.js instrumentation hook).
export async function register() {
  if (process.env.NEXT_RUNTIME !== "nodejs" || process.env.NEXT_PHASE === "phase-production-build") return;
  const { startCleanupSchedule } = await import("./lib/maintenance");
  startCleanupSchedule();
}
