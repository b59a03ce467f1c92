import { expect, it } from "vitest";
import { listAll } from "./discovery";

// A server that always answers with a next page must not keep the listing (an admin's "Refresh") going forever.
it("stops listing after a bounded number of pages when the server always sends nextCursor", async () => {
  let calls = 0;
  const endless = {
    listTools: async () => {
      calls++;
      if (calls > 1000) throw new Error("still listing after 1000 pages");
      // Empty pages: the cap on listed tools never stops it.
      return { tools: [], nextCursor: `page-${calls}` };
    },
  };
  const tools = await listAll(endless as never);
  expect(calls).toBeLessThanOrEqual(20);
  expect(tools).toEqual([]);
});
