import type { TokenPair } from "./access-tokens";

/** The OAuth 2 token response (RFC 6749 §5.1) that both token endpoints answer. */
export interface TokenResponse {
  access_token: string;
  token_type: "Bearer";
  expires_in: number;
  refresh_token: string;
}

export function tokenResponse(pair: TokenPair): TokenResponse {
  return {
    access_token: pair.accessToken,
    token_type: pair.tokenType,
    expires_in: pair.expiresIn,
    refresh_token: pair.refreshToken,
  };
}

/** OAuth 2 says token responses must not be cached. */
export const TOKEN_RESPONSE_HEADERS = { "cache-control": "no-store", pragma: "no-cache" };
