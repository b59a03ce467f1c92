import { exchangeRefreshToken } from "@/lib/auth/token-endpoint";
import { TOKEN_RESPONSE_HEADERS, tokenResponse } from "@/lib/auth/token-response";
import { handle, json } from "@/lib/http";

export const POST = handle(async (request) =>
  json(tokenResponse(await exchangeRefreshToken(request)), { headers: TOKEN_RESPONSE_HEADERS }),
);
