import { headerRules } from "./lib/security-headers.js";

/** @type {import('next').NextConfig} */
const nextConfig = {
  // A separate build directory lets tests and benchmarks build without touching `npm start`'s build.
  distDir: process.env.NEXT_DIST_DIR || ".next",
  poweredByHeader: false,
  // `npm run bench` builds with PARLEY_BENCH_FLOOR=1 (into its own distDir) to compile app/api/bench-floor;
  // every other build leaves `*.bench.ts` files out.
  ...(process.env.PARLEY_BENCH_FLOOR === "1" ? { pageExtensions: ["tsx", "ts", "jsx", "js", "bench.ts"] } : {}),
  turbopack: {
    // The browser never uses Vercel's AI Gateway: see the stub for why it is swapped out of the client bundle.
    resolveAlias: { "@ai-sdk/gateway": { browser: "./lib/ai/gateway-browser-stub.js" } },
  },
  // Type errors are caught by `npm run typecheck`; skipping them here halves build time.
  typescript: { ignoreBuildErrors: true },
  serverExternalPackages: [
    "better-sqlite3",
    "@prisma/adapter-better-sqlite3",
    "pg",
    "@node-rs/argon2",
    "nodemailer",
    "redis",
  ],
  experimental: {
    serverActions: { bodySizeLimit: "1mb" },
  },
  async headers() {
    // Pages get their Content-Security-Policy (with a per-request nonce) from proxy.ts.
    return headerRules();
  },
};

export default nextConfig;
