import Link from "next/link";
import { CodeBlock } from "@/components/docs/code-block";
import { Prose } from "./schema";

// Every command here is run, in order and as pasted, by e2e/api-docs.spec.ts against a production server.

const AUTH = `-H "Authorization: Bearer $PARLEY_KEY"`;
const JSON_BODY = `-H "Content-Type: application/json"`;

function steps(origin: string) {
  return [
    {
      title: "Set your server and key",
      text:
        "Create a key under Settings → API keys (tick the scopes you need; all of them for this walkthrough), " +
        "then keep it in a shell variable. The commands use `curl` and `jq`.",
      code: `export PARLEY_URL="${origin}"\nexport PARLEY_KEY="pk_paste_your_key_here"`,
    },
    {
      title: "Check who you are",
      text: "`GET /me` answers with your profile and the scopes of the key you used.",
      code: `curl -fsS "$PARLEY_URL/api/v1/me" ${AUTH}`,
    },
    {
      title: "Start a conversation",
      text: "Keep its id for the next calls.",
      code:
        `CONVERSATION_ID=$(curl -fsS "$PARLEY_URL/api/v1/conversations" ${AUTH} \\\n` +
        `  ${JSON_BODY} -d '{"title":"My first API chat"}' | jq -r .id)\n` +
        `echo "$CONVERSATION_ID"`,
    },
    {
      title: "Send a message",
      text:
        "The answer holds your stored message and the model's finished reply. Add an `Idempotency-Key` header " +
        "to retry safely: the same key never sends twice.",
      code:
        `curl -fsS "$PARLEY_URL/api/v1/conversations/$CONVERSATION_ID/messages" ${AUTH} \\\n` +
        `  ${JSON_BODY} -d '{"content":"Hello! What can you do?"}'`,
    },
    {
      title: "Stream the reply",
      text:
        'With `"stream": true` the reply arrives as server-sent events while it is written (`-N` stops curl ' +
        "from buffering). The stream ends with `data: [DONE]`.",
      code:
        `curl -fsSN "$PARLEY_URL/api/v1/conversations/$CONVERSATION_ID/messages" ${AUTH} \\\n` +
        `  ${JSON_BODY} -d '{"content":"Tell me a short joke.","stream":true}'`,
    },
    {
      title: "Page through the messages",
      text: "Lists answer `has_more` and `next_cursor`; pass the cursor back to get the next page, until it is `null`.",
      code:
        `NEXT_CURSOR=$(curl -fsS "$PARLEY_URL/api/v1/conversations/$CONVERSATION_ID/messages?limit=2" ${AUTH} \\\n` +
        `  | jq -r .next_cursor)\n` +
        `curl -fsS "$PARLEY_URL/api/v1/conversations/$CONVERSATION_ID/messages?limit=2&cursor=$NEXT_CURSOR" ${AUTH}`,
    },
  ];
}

export function GettingStarted({ origin }: { origin: string }) {
  return (
    <section id="getting-started" aria-labelledby="getting-started-title" className="scroll-mt-6">
      <h2 id="getting-started-title" className="text-xl font-semibold tracking-tight">
        Getting started
      </h2>
      <p className="mt-2 text-zinc-700 dark:text-zinc-300">
        Five minutes from an API key to a paged conversation. Don&apos;t have a key yet?{" "}
        <Link href="/settings/api-keys" className="text-sky-700 underline dark:text-sky-400">
          Create one in Settings → API keys
        </Link>
        .
      </p>
      <ol className="mt-4 space-y-6">
        {steps(origin).map((step, index) => (
          <li key={step.title} className="min-w-0">
            <h3 className="font-medium">
              <span className="mr-2 inline-flex size-6 items-center justify-center rounded-full bg-zinc-900 text-xs text-white dark:bg-zinc-100 dark:text-zinc-900">
                {index + 1}
              </span>
              {step.title}
            </h3>
            <p className="mt-1 text-sm text-zinc-700 dark:text-zinc-300">
              <Prose text={step.text} />
            </p>
            <CodeBlock code={step.code} label={`Step ${index + 1}: ${step.title}`} />
          </li>
        ))}
      </ol>
    </section>
  );
}
