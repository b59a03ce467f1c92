const BROWSERS: [RegExp, string][] = [
  [/Edg\/(\d+)/, "Edge"],
  [/(?:OPR|Opera)\/(\d+)/, "Opera"],
  [/Firefox\/(\d+)/, "Firefox"],
  [/Chrom(?:e|ium)\/(\d+)/, "Chrome"],
  [/Version\/(\d+)(?:\.[\d.]*)? (?:Mobile\/[^ ]+ )?Safari\//, "Safari"],
  [/Safari\//, "Safari"],
  [/curl\/(\d+)/, "curl"],
];

const SYSTEMS: [RegExp, string][] = [
  [/Windows/, "Windows"],
  [/Android/, "Android"],
  [/iPhone|iPad|iOS/, "iOS"],
  [/Mac OS X|Macintosh/, "macOS"],
  [/Linux/, "Linux"],
];

/**
 * "Firefox 140 on Linux" from a user agent, for the sessions list: the browser's major version and the
 * system tell two sessions apart; the raw string stays in the title.
 */
export function describeDevice(userAgent: string | null): string {
  if (!userAgent) return "Unknown device";
  let browser = "Unknown browser";
  for (const [pattern, name] of BROWSERS) {
    const match = pattern.exec(userAgent);
    if (!match) continue;
    browser = match[1] ? `${name} ${match[1]}` : name;
    break;
  }
  const os = SYSTEMS.find(([pattern]) => pattern.test(userAgent))?.[1] ?? null;
  return os ? `${browser} on ${os}` : browser;
}
