import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { dialectOf } from "../dialect";
import { postgresSchemaFrom } from "./layout";

const prismaDir = path.resolve(import.meta.dirname, "../../../prisma");

describe("one schema for both dialects", () => {
  it("keeps the committed PostgreSQL schema identical to the one derived from schema.prisma", () => {
    const derived = postgresSchemaFrom(readFileSync(path.join(prismaDir, "schema.prisma"), "utf8"));
    expect(readFileSync(path.join(prismaDir, "postgresql", "schema.prisma"), "utf8")).toBe(derived);
  });

  it("differs from the SQLite schema only in the datasource provider and the client output", () => {
    const sqlite = readFileSync(path.join(prismaDir, "schema.prisma"), "utf8").split("\n");
    const postgres = readFileSync(path.join(prismaDir, "postgresql", "schema.prisma"), "utf8")
      .split("\n")
      .slice(1);
    const differing = sqlite.filter((line, i) => line !== postgres[i]);
    expect(differing.map((l) => l.trim().split(/\s+/)[0])).toEqual(["output", "provider"]);
  });
});

describe("DATABASE_URL", () => {
  it("accepts SQLite files and PostgreSQL URLs", () => {
    expect(dialectOf("file:./data/parley.db")).toBe("sqlite");
    expect(dialectOf("postgresql://u:p@h:5432/db")).toBe("postgresql");
    expect(dialectOf("postgres://h/db")).toBe("postgresql");
  });

  it("refuses anything else with a message naming the supported forms, without leaking the password", () => {
    expect(() => dialectOf("mysql://root:hunter2@localhost/db")).toThrow(/file:.*postgresql:\/\//);
    expect(() => dialectOf("mysql://root:hunter2@localhost/db")).not.toThrow(/hunter2/);
  });
});
