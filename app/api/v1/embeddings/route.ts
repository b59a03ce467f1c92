import { endpoint } from "@/lib/api/endpoint";
import { createEmbeddings } from "@/lib/api/openai/embeddings";
import { routes } from "@/lib/api/routes";

export const POST = endpoint(routes.createEmbeddings, async ({ principal, body, request }) => ({
  body: await createEmbeddings(principal, body, request.signal),
}));
