const SAFE_PROTOCOLS = new Set(["http:", "https:", "mailto:"]);

/** Keeps http(s), mailto and relative URLs; anything else (javascript:, data:, vbscript:, file:…) becomes "". */
export function safeUrl(value: string): string {
  const url = value.trim();
  if (url === "") return "";
  // Control characters and whitespace inside a scheme are how "java\tscript:" slips past naive checks.
  const compact = [...url].filter((ch) => ch.charCodeAt(0) > 0x20 && ch.charCodeAt(0) !== 0x7f).join("");
  const scheme = /^([a-z][a-z0-9+.-]*):/i.exec(compact);
  if (!scheme) return url.startsWith("\\") ? "" : url;
  return SAFE_PROTOCOLS.has(`${scheme[1]?.toLowerCase()}:`) ? url : "";
}

/** Images load only from this origin: a root-relative path, never protocol-relative or absolute. */
export function isSameOriginImage(src: string | undefined): src is string {
  if (!src) return false;
  return src.startsWith("/") && !src.startsWith("//") && !src.startsWith("/\\");
}
