import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import { expect } from "@playwright/test";

// The e2e server writes mail here (PARLEY_DATA_DIR=data/e2e, no SMTP_URL).
const OUTBOX = path.resolve(import.meta.dirname, "..", "..", "data", "e2e", "outbox");

function decodeQuotedPrintable(text: string): string {
  return text
    .replace(/=\r?\n/g, "")
    .replace(/=([0-9A-F]{2})/g, (_, hex: string) => String.fromCharCode(Number.parseInt(hex, 16)));
}

async function linksTo(email: string, pathname: string): Promise<string[]> {
  let files: string[] = [];
  try {
    files = (await readdir(OUTBOX)).filter((f) => f.endsWith(".eml")).sort();
  } catch {
    return [];
  }
  const links: string[] = [];
  for (const file of files) {
    const raw = await readFile(path.join(OUTBOX, file), "utf8");
    const [head = "", ...body] = raw.split(/\r?\n\r?\n/);
    if (!new RegExp(`^To: .*${email.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}`, "im").test(head)) continue;
    const match = decodeQuotedPrintable(body.join("\n\n")).match(
      new RegExp(`https?://\\S+${pathname}\\?token=[\\w%-]+`),
    );
    if (match) links.push(match[0]);
  }
  return links;
}

/** The newest link to `pathname` mailed to `email`, waiting for it to arrive. */
export async function latestLink(email: string, pathname: "/verify-email" | "/reset-password"): Promise<string> {
  let link: string | undefined;
  await expect
    .poll(async () => {
      link = (await linksTo(email, pathname)).at(-1);
      return link;
    })
    .toBeTruthy();
  return link as string;
}

/** The text of the newest mail to `email`, or undefined when none has arrived. */
export async function latestMail(email: string): Promise<string | undefined> {
  let files: string[] = [];
  try {
    files = (await readdir(OUTBOX)).filter((f) => f.endsWith(".eml")).sort();
  } catch {
    return undefined;
  }
  for (const file of files.reverse()) {
    const raw = await readFile(path.join(OUTBOX, file), "utf8");
    const [head = "", ...body] = raw.split(/\r?\n\r?\n/);
    const to = head.split(/\r?\n/).find((line) => /^to:/i.test(line));
    if (to?.toLowerCase().includes(email.toLowerCase())) {
      return decodeQuotedPrintable(body.join("\n\n"));
    }
  }
  return undefined;
}
