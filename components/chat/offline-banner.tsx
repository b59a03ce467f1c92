/** Shown while the browser is offline: what is sent meanwhile waits and goes out when the connection is back. */
export function OfflineBanner() {
  return (
    <div
      role="status"
      className="border-b border-amber-200 bg-amber-50 px-4 py-2 text-center text-sm text-amber-900 dark:border-amber-900/60 dark:bg-amber-950/60 dark:text-amber-200"
    >
      You are offline. Messages you send will go out when the connection is back.
    </div>
  );
}
