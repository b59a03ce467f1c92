import { CodeBlock } from "@/components/docs/code-block";
import { Prose } from "./schema";

// The same calls lib/api/openai-compatible.db.test.ts makes with the official `openai` npm client.

function examples(origin: string) {
  return [
    {
      label: "JavaScript (the openai package)",
      code:
        `import OpenAI from "openai";\n\n` +
        `const client = new OpenAI({ baseURL: "${origin}/api/v1", apiKey: process.env.PARLEY_KEY });\n\n` +
        `const models = await client.models.list();\n` +
        `console.log(models.data.map((m) => m.id));\n\n` +
        `const stream = await client.chat.completions.create({\n` +
        `  model: models.data[0].id,\n` +
        `  messages: [{ role: "user", content: "Write a haiku about the sea." }],\n` +
        `  stream: true,\n` +
        `});\n` +
        `for await (const chunk of stream) process.stdout.write(chunk.choices[0]?.delta?.content ?? "");`,
    },
    {
      label: "Python (the openai package)",
      code:
        `import os\nfrom openai import OpenAI\n\n` +
        `client = OpenAI(base_url="${origin}/api/v1", api_key=os.environ["PARLEY_KEY"])\n\n` +
        `reply = client.chat.completions.create(\n` +
        `    model=client.models.list().data[0].id,\n` +
        `    messages=[{"role": "user", "content": "Write a haiku about the sea."}],\n` +
        `)\n` +
        `print(reply.choices[0].message.content)`,
    },
    {
      label: "curl (streamed, with usage at the end)",
      code:
        `curl -N "${origin}/api/v1/chat/completions" -H "Authorization: Bearer $PARLEY_KEY" \\\n` +
        `  -H "Content-Type: application/json" \\\n` +
        `  -d '{"model":"MODEL_ID","stream":true,"stream_options":{"include_usage":true},` +
        `"messages":[{"role":"user","content":"Hello"}]}'`,
    },
  ];
}

const NOTES = [
  "Create a key under Settings → API keys with the `models:use` scope (an access token works too). Editors and " +
    "tools that speak OpenAI's API (Continue, Cline, Zed, LangChain, shell tools) take the same base URL and key.",
  "`GET /models` lists the models your role allows. Your role's messages per minute and tokens per day apply, and " +
    "the tokens count in Settings → Usage like chat replies.",
  "Tools are passed to the model and its `tool_calls` come back to your program, which runs them and sends the " +
    "results as `tool` messages: Parley runs nothing itself. Streams carry OpenAI's `chat.completion.chunk` events " +
    "(tool calls as `tool_calls` deltas, reasoning as `reasoning_content`) and end with `data: [DONE]`.",
  'Requests are not stored as conversations unless the key was created with "Keep requests as conversations". ' +
    "Closing the connection mid-stream stops the model.",
  "Errors are OpenAI's `{ error: { message, type, param, code } }`: 400 bad input, 401 `invalid_api_key`, 403 " +
    "a scope or model you may not use, 404 `model_not_found`, 429 limits with `Retry-After` (the daily token limit " +
    "also says `x-should-retry: false`).",
];

export function OpenAiCompatible({ origin }: { origin: string }) {
  return (
    <section id="openai-compatible" aria-labelledby="openai-compatible-title" className="scroll-mt-4">
      <h2 id="openai-compatible-title" className="text-xl font-semibold tracking-tight">
        OpenAI-compatible endpoint
      </h2>
      <p className="mt-2 max-w-3xl text-zinc-700 dark:text-zinc-300">
        <Prose
          text={
            "Programs written for OpenAI's API work with Parley: use the base URL `" +
            `${origin}/api/v1` +
            "` and a Parley API key. `GET /models`, `POST /chat/completions` (streamed or not) and `POST /embeddings` " +
            "answer in OpenAI's shapes."
          }
        />
      </p>
      <ul className="mt-3 max-w-3xl list-disc space-y-1 pl-5 text-sm text-zinc-700 dark:text-zinc-300">
        {NOTES.map((note) => (
          <li key={note}>
            <Prose text={note} />
          </li>
        ))}
      </ul>
      <div className="mt-4 space-y-4">
        {examples(origin).map((example) => (
          <CodeBlock key={example.label} code={example.code} label={example.label} />
        ))}
      </div>
    </section>
  );
}
