import { type APIRequestContext, expect, test } from "@playwright/test";
import { pdfBomb } from "../test/attachment-fixtures";
import { AuthPage, newAccount } from "./pages/auth-page";

// Hostile files uploaded to the production build while another client times /api/health: the server must keep
// answering everyone else, and answer the upload within seconds with the file kept.

/** Times GET /api/health back to back until stopped; answers the slowest time seen. */
function timeHealth(baseURL: string) {
  let slowest = 0;
  let count = 0;
  let running = true;
  const done = (async () => {
    while (running) {
      const started = performance.now();
      const response = await fetch(`${baseURL}/api/health`);
      await response.arrayBuffer();
      slowest = Math.max(slowest, performance.now() - started);
      count++;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  })();
  return {
    stop: async () => {
      running = false;
      await done;
      return { slowest, count };
    },
  };
}

async function tokenFor(request: APIRequestContext, page: import("@playwright/test").Page) {
  const account = newAccount("bombs");
  await new AuthPage(page).signUp(account);
  const issued = await request.post("/api/v1/auth/token", {
    data: { login: account.username, password: account.password },
  });
  expect(issued.status()).toBe(200);
  return (await issued.json()).access_token as string;
}

for (const [label, inflated, note] of [
  ["50 MB", 50_000_000, null],
  ["1 GB", 1_000_000_000, /text could not be read completely/i],
] as const) {
  test(`a PDF whose one content stream inflates to ${label} answers within seconds, keeps the file, and stalls nobody`, async ({
    page,
    request,
    baseURL,
  }) => {
    test.setTimeout(120_000);
    const token = await tokenFor(request, page);
    const bomb = await pdfBomb(inflated);

    // Baseline in the same run: the same checks for 3 s with nothing being uploaded.
    const idle = timeHealth(baseURL as string);
    await new Promise((resolve) => setTimeout(resolve, 3_000));
    const baseline = await idle.stop();

    const health = timeHealth(baseURL as string);
    const started = performance.now();
    const response = await request.post("/api/v1/files", {
      headers: { authorization: `Bearer ${token}` },
      multipart: { file: { name: "bomb.pdf", mimeType: "application/pdf", buffer: bomb } },
      timeout: 30_000,
    });
    const uploadMs = performance.now() - started;
    const { slowest, count } = await health.stop();
    console.log(
      `${label} bomb (${bomb.length} bytes): upload ${Math.round(uploadMs)} ms, slowest of ${count} health checks ${Math.round(slowest)} ms (idle baseline: slowest of ${baseline.count} ${Math.round(baseline.slowest)} ms)`,
    );

    expect(response.status(), await response.text()).toBe(201);
    const file = await response.json();
    expect(uploadMs).toBeLessThan(15_000);
    expect(slowest).toBeLessThan(1_000);
    expect(file).toMatchObject({ media_type: "application/pdf", size: bomb.length });
    // At most the model's budget (50,000 characters) and a page's worth of slack is stored, never millions.
    expect(file.text_chars).toBeLessThan(60_000);
    // Which bound stops the reader depends on the machine's speed: the deadline (then the file says its text could
    // not be read completely) or the character budget above. Either way it answered in seconds, stalling nobody.
    if (note && file.text_note !== null) expect(file.text_note).toMatch(note);
    const content = await request.get(`/api/v1/files/${file.id}/content`, {
      headers: { authorization: `Bearer ${token}` },
    });
    expect((await content.body()).length).toBe(bomb.length);
  });
}

test("a PNG whose header claims 50,000 × 50,000 pixels is refused from its header", async ({ page, request }) => {
  const token = await tokenFor(request, page);
  const png = Buffer.alloc(4096);
  Buffer.from("89504e470d0a1a0a0000000d49484452", "hex").copy(png);
  png.writeUInt32BE(50_000, 16);
  png.writeUInt32BE(50_000, 20);
  png.set([8, 2, 0, 0, 0], 24);
  const response = await request.post("/api/v1/files", {
    headers: { authorization: `Bearer ${token}` },
    multipart: { file: { name: "huge.png", mimeType: "image/png", buffer: png } },
  });
  expect(response.status()).toBe(422);
  expect((await response.json()).error.message).toContain("at most 100 million pixels");
});
