import { exchangeRefreshToken } from "@/lib/auth/token-endpoint";
import { handle, json } from "@/lib/http";

export const POST = handle(async (request) =>
  json(await exchangeRefreshToken(request), { headers: { "cache-control": "no-store" } }),
);
