"use client";

/** Whether this page was opened at an IP address (e.g. http://127.0.0.1:3000), where passkeys cannot work. */
export function ipAddressHost(): boolean {
  const host = window.location.hostname;
  return /^\d{1,3}(\.\d{1,3}){3}$/.test(host) || host.startsWith("[");
}

/**
 * Why a passkey ceremony failed, as far as the page can tell: browsers refuse passkeys on an IP address (they are
 * bound to a domain name), which otherwise looks like the person cancelling.
 */
export function passkeyProblem(what: "No passkey was created" | "No passkey was used"): string {
  if (ipAddressHost()) {
    const port = window.location.port ? `:${window.location.port}` : "";
    return `${what}: passkeys need a domain name, and this page is at the IP address ${window.location.hostname}. Open Parley at http://localhost${port} (or its configured address) instead.`;
  }
  return what === "No passkey was created"
    ? "No passkey was created: the browser or the device said no, or it was cancelled."
    : "No passkey was used: the browser found none for Parley, or it was cancelled.";
}
