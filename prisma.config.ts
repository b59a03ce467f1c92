// Used by the official Prisma CLI (`prisma generate`, and `prisma migrate` where its engine can be downloaded).
// Offline, Parley's own `npm run db:*` commands apply the same migrations.
import { defineConfig } from "prisma/config";

const url = process.env.DATABASE_URL ?? "file:./data/parley.db";
const isPostgres = /^postgres(ql)?:/.test(url);

export default defineConfig({
  schema: isPostgres ? "prisma/postgresql/schema.prisma" : "prisma/schema.prisma",
  migrations: { path: isPostgres ? "prisma/postgresql/migrations" : "prisma/migrations" },
  datasource: { url },
});
