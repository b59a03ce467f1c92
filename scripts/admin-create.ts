// `npm run admin:create -- --email a@b.c --username admin --password '…'`: creates a superuser, or promotes
// (and reactivates) the account with that email or username. Missing values are asked for.
import { createInterface } from "node:readline/promises";
import { parseArgs } from "node:util";
import { hashPassword } from "../lib/auth/password";
import { EmailSchema, NewPasswordSchema, UsernameSchema } from "../lib/auth/schemas";
import { databaseUrl } from "../lib/db/dialect";
import { Migrator } from "../lib/db/migrate/migrator";
import { ensureSqliteDirectory } from "../lib/db/sqlite-file";

const { values } = parseArgs({
  options: { email: { type: "string" }, username: { type: "string" }, password: { type: "string" } },
});

async function ask(question: string, hidden = false): Promise<string> {
  const rl = createInterface({ input: process.stdin, output: process.stdout, terminal: true });
  if (hidden) {
    // Echo nothing while the password is typed.
    (rl as unknown as { _writeToOutput: (s: string) => void })._writeToOutput = (s: string) => {
      if (s.startsWith(question)) process.stdout.write(question);
    };
  }
  const answer = await rl.question(question);
  rl.close();
  if (hidden) process.stdout.write("\n");
  return answer;
}

function check<T>(
  schema: {
    safeParse(v: unknown): { success: true; data: T } | { success: false; error: { issues: { message: string }[] } };
  },
  value: string,
  name: string,
): T {
  const parsed = schema.safeParse(value);
  if (!parsed.success) {
    console.error(`admin:create: ${name}: ${parsed.error.issues[0]?.message}`);
    process.exit(2);
  }
  return parsed.data;
}

async function main() {
  const email = check(EmailSchema, values.email ?? (await ask("Email: ")), "email");
  const username = check(UsernameSchema, values.username ?? (await ask("Username: ")), "username");
  const password = check(NewPasswordSchema, values.password ?? (await ask("Password: ", true)), "password");

  const url = databaseUrl(process.env);
  ensureSqliteDirectory(url);
  const migrator = await Migrator.open({ url });
  try {
    await migrator.deploy();
  } finally {
    await migrator.close();
  }

  const { db } = await import("../lib/db/client");
  const { upsertSuperuser } = await import("../lib/db/users");
  const { created, user } = await upsertSuperuser({ email, username, passwordHash: await hashPassword(password) });
  console.log(
    created
      ? `admin:create: created superuser ${user.username} <${user.email}>`
      : `admin:create: ${user.username} <${user.email}> is now a superuser (password unchanged)`,
  );
  await db.$disconnect();
}

main().catch((error) => {
  console.error(`admin:create: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
