// Run by bench/http.ts once the server has migrated DATABASE_URL: one account (password sign-in) and an API key
// with every scope. Prints one JSON line.
import { randomUUID } from "node:crypto";
import { hashPassword } from "../lib/auth/password";
import { SCOPES } from "../lib/auth/scopes";
import { createApiKey } from "../lib/db/api-keys";
import { db } from "../lib/db/client";
import { createUser } from "../lib/db/users";

const password = `bench ${randomUUID()}`;
const username = `bench${randomUUID().slice(0, 8)}`;
const user = await createUser({
  email: `${username}@bench.test`,
  username,
  passwordHash: await hashPassword(password),
});
const { key } = await createApiKey({ userId: user.id, name: "bench", scopes: SCOPES });
await db.$disconnect();
console.log(JSON.stringify({ userId: user.id, login: username, password, apiKey: key }));
