// Run by the HTTP benches once the server has migrated DATABASE_URL: accounts (password sign-in), each with an
// API key with every scope. `bench/seed.ts [count]` (default 1) prints one JSON line per account.
import { randomUUID } from "node:crypto";
import { hashPassword } from "../lib/auth/password";
import { SCOPES } from "../lib/auth/scopes";
import { createApiKey } from "../lib/db/api-keys";
import { db } from "../lib/db/client";
import { createUser } from "../lib/db/users";

const count = Number(process.argv[2] ?? 1);
for (let i = 0; i < count; i++) {
  const password = `bench ${randomUUID()}`;
  const username = `bench${randomUUID().slice(0, 8)}`;
  const user = await createUser({
    email: `${username}@bench.test`,
    username,
    passwordHash: await hashPassword(password),
  });
  const { key } = await createApiKey({ userId: user.id, name: "bench", scopes: SCOPES });
  console.log(JSON.stringify({ userId: user.id, login: username, password, apiKey: key }));
}
await db.$disconnect();
