// Plain JavaScript because scripts/server.mjs (plain Node) uses it too: one answer, for the server, proxy.ts
// and pages, to whether an address's `%` escapes decode (Next answers one that does not with a bare 500).

/**
 * A URL path (or one segment of it) decoded, or null when its `%` escapes are malformed (decodeURIComponent
 * would throw). A query string after `?` is not part of the path.
 * @param {string} path
 * @returns {string | null}
 */
export function decodePath(path) {
  try {
    return decodeURIComponent(path.split("?", 1)[0] ?? "");
  } catch {
    return null;
  }
}
