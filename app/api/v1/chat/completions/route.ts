import { endpoint } from "@/lib/api/endpoint";
import { chatCompletion } from "@/lib/api/openai/completions";
import { routes } from "@/lib/api/routes";

export const POST = endpoint(routes.createChatCompletion, ({ principal, body, request }) =>
  chatCompletion(principal, body, request.signal),
);
