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

/** Migrates the run's template database; the returned teardown removes it when the run ends. */
export async function prepareTemplate(dialect: "sqlite" | "postgresql"): Promise<() => Promise<void>> {
  if (dialect === "postgresql") {
    const dropTemplate = () =>
      withPgAdmin((c) => c.query(`DROP DATABASE IF EXISTS "${PG_TEMPLATE_NAME}" WITH (FORCE)`)).then(() => {});
    await dropTemplate();
    await withPgAdmin((c) => c.query(`CREATE DATABASE "${PG_TEMPLATE_NAME}"`));
    await migrate(pgUrlFor(PG_TEMPLATE_NAME));
    return dropTemplate;
  }
  const removeTemplate = async () => {
    for (const suffix of ["", "-wal", "-shm"]) rmSync(SQLITE_TEMPLATE + suffix, { force: true });
  };
  await removeTemplate();
  await migrate(`file:${SQLITE_TEMPLATE}`);
  return removeTemplate;
}
