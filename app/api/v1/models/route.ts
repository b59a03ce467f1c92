import { endpoint } from "@/lib/api/endpoint";
import { listOpenAiModels } from "@/lib/api/openai/embeddings";
import { routes } from "@/lib/api/routes";

export const GET = endpoint(routes.listModels, async ({ principal }) => ({
  body: await listOpenAiModels(principal.userId),
}));
