import { rmSync } from "node:fs";
import { Migrator } from "../lib/db/migrate/migrator";
import { ensureSqliteDirectory } from "../lib/db/sqlite-file";
import { PG_TEMPLATE_NAME, pgUrlFor, SQLITE_TEMPLATE, withPgAdmin } from "./databases";

async function migrate(url: string) {
  ensureSqliteDirectory(url);
  const migrator = await Migrator.open({ url });
  try {
    await migrator.deploy();
  } finally {
    await migrator.close();
  }
}

export async function prepareTemplate(dialect: "sqlite" | "postgresql") {
  if (dialect === "postgresql") {
    await withPgAdmin(async (c) => {
      await c.query(`DROP DATABASE IF EXISTS "${PG_TEMPLATE_NAME}" WITH (FORCE)`);
      await c.query(`CREATE DATABASE "${PG_TEMPLATE_NAME}"`);
    });
    await migrate(pgUrlFor(PG_TEMPLATE_NAME));
  } else {
    for (const suffix of ["", "-wal", "-shm"]) rmSync(SQLITE_TEMPLATE + suffix, { force: true });
    await migrate(`file:${SQLITE_TEMPLATE}`);
  }
}
