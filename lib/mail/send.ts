import "server-only";
import { randomBytes } from "node:crypto";
import { mkdir, writeFile } from "node:fs/promises";
import path from "node:path";
import nodemailer, { type Transporter } from "nodemailer";
import { env } from "../env";
import { log } from "../log";

export interface MailMessage {
  to: string;
  subject: string;
  text: string;
}

let smtp: Transporter | undefined;
// Renders RFC 822 messages without sending them, for the outbox.
const composer = nodemailer.createTransport({ streamTransport: true, buffer: true, newline: "unix" });

/** Sends through SMTP when SMTP_URL is set; otherwise writes an .eml file to `<data dir>/outbox/`. */
export async function sendMail(message: MailMessage): Promise<void> {
  const { SMTP_URL, MAIL_FROM, PARLEY_DATA_DIR } = env();
  const mail = { from: MAIL_FROM, to: message.to, subject: message.subject, text: message.text };
  if (SMTP_URL) {
    smtp ??= nodemailer.createTransport(SMTP_URL);
    await smtp.sendMail(mail);
    log.info("mail.sent", { subject: message.subject });
    return;
  }
  const info = await composer.sendMail(mail);
  const dir = path.resolve(PARLEY_DATA_DIR, "outbox");
  await mkdir(dir, { recursive: true });
  const file = path.join(dir, `${Date.now()}-${randomBytes(4).toString("hex")}.eml`);
  await writeFile(file, info.message as Buffer, { mode: 0o600 });
  log.info("mail.outbox", { subject: message.subject, file });
}
