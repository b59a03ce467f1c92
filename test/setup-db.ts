import { afterAll } from "vitest";
import { createTestDatabase } from "./databases";

const database = await createTestDatabase(process.env.PARLEY_TEST_DIALECT ?? "sqlite");
process.env.DATABASE_URL = database.url;

afterAll(async () => {
  const { db } = await import("../lib/db/client");
  await db.$disconnect();
  await database.drop();
});
