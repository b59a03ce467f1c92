import { asSchema } from "ai";
import { describe, expect, it } from "vitest";
import { toolsFor } from ".";

type AnySchema = Parameters<typeof asSchema>[0];

describe("the built-in tools' input schemas", () => {
  it("are converted to JSON Schema once per process, not on every model call", () => {
    const first = toolsFor("user-a");
    const second = toolsFor("user-b");
    for (const name of ["calculator", "datetime", "searchConversations"] as const) {
      // What streamText does with a tool's schema on each call.
      const a = asSchema(first[name].inputSchema as AnySchema).jsonSchema;
      const b = asSchema(second[name].inputSchema as AnySchema).jsonSchema;
      expect(a, name).toMatchObject({ type: "object" });
      expect(b, name).toBe(a);
    }
  });
});
