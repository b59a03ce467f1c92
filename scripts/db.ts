// npm run db:migrate | db:migration -- --name <name> | db:status | db:reset [-- --force]
import { createInterface } from "node:readline/promises";
import { parseArgs } from "node:util";
import { databaseUrl, redactUrl } from "../lib/db/dialect";
import { createMigrationForBothDialects, Migrator, messageOf } from "../lib/db/migrate/migrator";
import { ensureSqliteDirectory } from "../lib/db/sqlite-file";

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: { name: { type: "string" }, force: { type: "boolean", default: false } },
});
const command = positionals[0];
const url = databaseUrl(process.env);

async function withMigrator<T>(run: (m: Migrator) => Promise<T>): Promise<T> {
  ensureSqliteDirectory(url);
  const migrator = await Migrator.open({ url });
  try {
    return await run(migrator);
  } finally {
    await migrator.close();
  }
}

async function confirmReset(): Promise<boolean> {
  if (values.force) return true;
  if (!process.stdin.isTTY) {
    console.error("db:reset deletes every row. Run it in a terminal to confirm, or pass --force.");
    return false;
  }
  const rl = createInterface({ input: process.stdin, output: process.stdout });
  const answer = await rl.question(`Delete ALL data in ${redactUrl(url)} and re-apply migrations? Type "yes": `);
  rl.close();
  return answer.trim() === "yes";
}

async function main(): Promise<number> {
  switch (command) {
    case "migrate": {
      const applied = await withMigrator((m) => m.deploy());
      console.log(
        applied.length ? `Applied ${applied.length} migration(s): ${applied.join(", ")}` : "No pending migrations.",
      );
      return 0;
    }
    case "status": {
      const status = await withMigrator((m) => m.status());
      const pending = status.history?.unappliedMigrationNames ?? [];
      console.log(`Database: ${redactUrl(url)}`);
      if (status.failedMigrationNames.length) console.log(`Failed: ${status.failedMigrationNames.join(", ")}`);
      if (status.editedMigrationNames.length)
        console.log(`Edited after applying: ${status.editedMigrationNames.join(", ")}`);
      console.log(pending.length ? `Pending: ${pending.join(", ")}` : "Up to date: no pending migrations.");
      return status.failedMigrationNames.length || pending.length ? 1 : 0;
    }
    case "reset": {
      if (!(await confirmReset())) return 1;
      const applied = await withMigrator((m) => m.reset());
      console.log(`Reset ${redactUrl(url)}; applied ${applied.length} migration(s).`);
      return 0;
    }
    case "migration": {
      if (!values.name || !/^[a-z0-9_]+$/.test(values.name)) {
        console.error("Usage: npm run db:migration -- --name <snake_case_name>");
        return 2;
      }
      const pgUrl =
        process.env.MIGRATION_PG_URL ??
        process.env.TEST_DATABASE_URL_PG ??
        "postgresql://postgres@127.0.0.1:5432/postgres";
      let created: Awaited<ReturnType<typeof createMigrationForBothDialects>>;
      try {
        created = await createMigrationForBothDialects({ name: values.name, pgUrl });
      } catch (error) {
        if (!/ECONNREFUSED|ENOTFOUND|connect|password authentication/i.test(messageOf(error))) throw error;
        console.error(
          `db:migration writes the migration for both SQLite and PostgreSQL, and needs a PostgreSQL server for ` +
            `the PostgreSQL one (a scratch database is created and dropped). None answered at ${redactUrl(pgUrl)}: ` +
            'start one (CONTRIBUTING.md, "Changing the schema", shows a one-line Docker command) or set MIGRATION_PG_URL.',
        );
        return 1;
      }
      if (!created.sqlite && !created.postgresql) console.log("The schema matches the migrations: nothing to create.");
      else console.log(`Created: sqlite=${created.sqlite ?? "none"} postgresql=${created.postgresql ?? "none"}`);
      return 0;
    }
    default:
      console.error("Usage: tsx scripts/db.ts <migrate|status|reset|migration> [--name <name>] [--force]");
      return 2;
  }
}

main()
  .then((code) => process.exit(code))
  .catch((error) => {
    console.error(`db:${command ?? "?"} failed: ${messageOf(error)}`);
    process.exit(1);
  });
