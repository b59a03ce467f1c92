// JavaScript a browser downloads to show each page route (gzip), read from a production build: the root main
// files plus every chunk the route's client reference manifest lists for its layouts, boundaries and page
// (legacy polyfills, which modern browsers skip, are left out). Chunks loaded later on demand are not counted.
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { gzipSync } from "node:zlib";

const TARGETS: Record<string, number> = {
  "/(chat)/page": 200,
  "/(chat)/chat/[id]/page": 200,
  "/(auth)/login/page": 100,
};

function manifests(dir: string): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(dir)) {
    const full = path.join(dir, entry);
    if (statSync(full).isDirectory()) out.push(...manifests(full));
    else if (entry === "page_client-reference-manifest.js") out.push(full);
  }
  return out;
}

export function jsBytesPerRoute(distDir: string): void {
  const appDir = path.join(distDir, "server", "app");
  if (!existsSync(appDir)) return;
  const require = createRequire(import.meta.url);
  const build = JSON.parse(readFileSync(path.join(distDir, "build-manifest.json"), "utf8")) as {
    rootMainFiles: string[];
  };
  const gzipped = new Map<string, number>();
  const size = (file: string) => {
    if (!gzipped.has(file)) gzipped.set(file, gzipSync(readFileSync(path.join(distDir, file))).byteLength);
    return gzipped.get(file) as number;
  };
  const g = globalThis as unknown as { __RSC_MANIFEST?: Record<string, { entryJSFiles?: Record<string, string[]> }> };
  const rows: { route: string; kb: number }[] = [];
  for (const file of manifests(appDir)) {
    g.__RSC_MANIFEST = {};
    require(file);
    for (const [route, manifest] of Object.entries(g.__RSC_MANIFEST)) {
      const files = new Set([...build.rootMainFiles, ...Object.values(manifest.entryJSFiles ?? {}).flat()]);
      const bytes = [...files].reduce((sum, f) => sum + size(f), 0);
      rows.push({ route, kb: bytes / 1024 });
    }
  }
  rows.sort((a, b) => a.route.localeCompare(b.route));
  console.log("\n== JavaScript per page route (gzip, first load; targets: chat ≤ 200 KB, login ≤ 100 KB) ==");
  for (const { route, kb } of rows) {
    const target = TARGETS[route];
    const verdict = target === undefined ? "" : `  target ≤ ${target} KB: ${kb <= target ? "MET" : "not met"}`;
    console.log(`${route.padEnd(40)} ${kb.toFixed(0).padStart(5)} KB${verdict}`);
  }
}
