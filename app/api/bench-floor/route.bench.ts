// The benchmark's floor: what Next.js and the AI SDK cost with nothing of Parley's (no auth, no storage,
// no rate limit). Compiled only by `npm run bench`'s own build (PARLEY_BENCH_FLOOR=1 adds the `.bench.ts`
// page extension in next.config.js), so it never exists in a build made by `npm start` or `next build`.
import { createOpenAI } from "@ai-sdk/openai";
import { streamText } from "ai";

export async function POST(request: Request) {
  const { text } = (await request.json()) as { text: string };
  const provider = createOpenAI({ baseURL: process.env.OPENAI_BASE_URL, apiKey: process.env.OPENAI_API_KEY });
  const model = (process.env.PARLEY_MODELS ?? "bench-model").split(",")[0] as string;
  const result = streamText({ model: provider.chat(model), prompt: text });
  return result.toUIMessageStreamResponse();
}
