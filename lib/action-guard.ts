import { readBodyAtMost } from "./bounded-body";
import { AppError } from "./errors";
import { errorResponse } from "./http";

/** Next's own default limit for server action bodies (serverActions.bodySizeLimit). */
export const MAX_ACTION_BODY_BYTES = 1024 * 1024;
const MAX_ACTION_NESTING = 64;

/**
 * Server actions are public POST endpoints whose arguments Next decodes itself; a body that is too large, not
 * JSON, or nested deeper than any action's arguments makes that decoding fail with a 500. Refused here with
 * the one error shape (413 or 400) before Next tries. Form posts (multipart) are left to Next.
 */
export async function refuseMalformedAction(request: Request): Promise<Response | null> {
  if (request.method !== "POST" || !request.headers.has("next-action")) return null;
  const declared = Number(request.headers.get("content-length") ?? 0);
  if (declared > MAX_ACTION_BODY_BYTES) return refuse(new AppError("payload_too_large"));
  const type = request.headers.get("content-type")?.split(";")[0]?.trim().toLowerCase() ?? "";
  if (type === "multipart/form-data" || type === "application/x-www-form-urlencoded") return null;
  // Read with a limit: a body sent without Content-Length (chunked) would otherwise be buffered whole.
  const body = await readAtMost(request.clone(), MAX_ACTION_BODY_BYTES);
  if (body === null) return refuse(new AppError("payload_too_large"));
  if (body.length === 0) return null;
  if (nestingDepth(body) > MAX_ACTION_NESTING) {
    return refuse(new AppError("bad_request:nesting", { message: "The arguments are nested too deeply." }));
  }
  try {
    JSON.parse(body);
  } catch {
    return refuse(new AppError("bad_request:json", { message: "The arguments are not valid JSON." }));
  }
  return null;
}

/** The body as text, or null as soon as it passes `maxBytes` (the rest is never read). */
async function readAtMost(request: Request, maxBytes: number): Promise<string | null> {
  const bytes = await readBodyAtMost(request.body, maxBytes);
  return bytes && new TextDecoder().decode(bytes);
}

function refuse(error: AppError): Response {
  return errorResponse(error);
}

/** The deepest [ or { nesting in JSON text, not counting brackets inside strings. */
export function nestingDepth(text: string): number {
  let depth = 0;
  let deepest = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 92) i++;
      else if (c === 34) inString = false;
    } else if (c === 34) inString = true;
    else if (c === 91 || c === 123) deepest = Math.max(deepest, ++depth);
    else if (c === 93 || c === 125) depth--;
  }
  return deepest;
}
