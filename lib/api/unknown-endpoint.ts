import { AppError } from "../errors";
import { errorResponse, json } from "../http";
import { API_PREFIX } from "./routes";

const DOCS_PATH = "/docs/api";
const OPENAPI_PATH = `${API_PREFIX}/openapi.json`;

export async function unknownEndpoint(request: Request): Promise<Response> {
  const { pathname } = new URL(request.url);
  // The API's root names where it is described, for a person or a client generator that starts there.
  if (request.method === "GET" && (pathname === API_PREFIX || pathname === `${API_PREFIX}/`)) {
    return json(
      { object: "api", version: "1", openapi: OPENAPI_PATH, docs: DOCS_PATH },
      { headers: { "cache-control": "public, max-age=300" } },
    );
  }
  return errorResponse(
    new AppError("not_found:endpoint", {
      message:
        `There is no endpoint ${request.method} ${pathname}. The reference is at ${DOCS_PATH}, the OpenAPI ` +
        `document at ${OPENAPI_PATH}.`,
    }),
  );
}
