import { z } from "zod";

// OpenAI's request and response shapes, as much of them as Parley serves. Unknown request fields are ignored
// (clients send many: `store`, `metadata`, `parallel_tool_calls`…); fields Parley cannot honour are refused.

export const MAX_MESSAGES = 2048;
export const MAX_TOOLS = 128;
const MAX_PARTS = 256;
/** No model writes more in one answer; larger asks are a mistake (or an attack), not a wish. */
export const MAX_OUTPUT_TOKENS = 1_000_000;
/** Bodies carry a whole context, with images as data URLs. */
export const CHAT_BODY_BYTES = 8 * 1024 * 1024;
/** Tool parameter schemas nest; anything deeper than this is not a schema a model can follow. */
export const MAX_JSON_DEPTH = 64;

const Text = z.string().max(4_000_000);

const TextPart = z.object({ type: z.literal("text"), text: Text });
const ImagePart = z.object({
  type: z.literal("image_url"),
  image_url: z.object({
    url: z
      .string()
      .max(CHAT_BODY_BYTES)
      // Remote URLs are refused: the model server would fetch them, from inside the network it runs in (SSRF).
      .refine((url) => /^data:image\/[\w.+-]+;base64,/i.test(url), {
        message:
          "Send an image as a data:image/…;base64, URL; Parley does not pass remote image URLs to model servers.",
      }),
    detail: z.enum(["auto", "low", "high"]).optional(),
  }),
});
const UnsupportedPart = z.object({ type: z.enum(["input_audio", "file", "refusal"]) }).transform((_, ctx) => {
  ctx.addIssue({ code: "custom", message: "Only text and image_url content parts are supported." });
  return z.NEVER;
});

const TextContent = z.union([Text, z.array(TextPart).max(MAX_PARTS)]);
const UserContent = z.union([Text, z.array(z.union([TextPart, ImagePart, UnsupportedPart])).max(MAX_PARTS)]);

const ToolCall = z.object({
  id: z.string().min(1).max(256),
  type: z.literal("function").default("function"),
  function: z.object({ name: z.string().min(1).max(64), arguments: z.string().max(4_000_000) }),
});

const Message = z.discriminatedUnion("role", [
  z.object({ role: z.enum(["system", "developer"]), content: TextContent, name: z.string().max(256).optional() }),
  z.object({ role: z.literal("user"), content: UserContent, name: z.string().max(256).optional() }),
  z.object({
    role: z.literal("assistant"),
    content: z.union([TextContent, z.null()]).optional(),
    tool_calls: z.array(ToolCall).max(MAX_TOOLS).optional(),
    name: z.string().max(256).optional(),
  }),
  z.object({ role: z.literal("tool"), tool_call_id: z.string().min(1).max(256), content: TextContent }),
]);
export type ChatMessage = z.infer<typeof Message>;

const FunctionName = z
  .string()
  .regex(/^[a-zA-Z0-9_-]{1,64}$/, "A function name is 1 to 64 letters, digits, underscores or dashes.");

const JsonSchemaObject = z.record(z.string(), z.unknown());

const Tool = z.object({
  type: z.literal("function"),
  function: z.object({
    name: FunctionName,
    description: z.string().max(100_000).optional(),
    parameters: JsonSchemaObject.optional(),
    strict: z.boolean().nullish(),
  }),
});

const ToolChoice = z.union([
  z.enum(["none", "auto", "required"]),
  z.object({ type: z.literal("function"), function: z.object({ name: FunctionName }) }),
]);

const ResponseFormat = z.discriminatedUnion("type", [
  z.object({ type: z.literal("text") }),
  z.object({ type: z.literal("json_object") }),
  z.object({
    type: z.literal("json_schema"),
    json_schema: z.object({
      name: z.string().min(1).max(64),
      description: z.string().max(100_000).optional(),
      schema: JsonSchemaObject.optional(),
      strict: z.boolean().nullish(),
    }),
  }),
]);

const OutputTokens = z.number().int().min(1).max(MAX_OUTPUT_TOKENS, `At most ${MAX_OUTPUT_TOKENS} tokens.`);

export const ChatCompletionRequest = z
  .object({
    model: z.string().min(1).max(256),
    messages: z.array(Message).min(1).max(MAX_MESSAGES, `At most ${MAX_MESSAGES} messages.`),
    stream: z.boolean().nullish(),
    stream_options: z.object({ include_usage: z.boolean().optional() }).nullish(),
    tools: z.array(Tool).max(MAX_TOOLS, `At most ${MAX_TOOLS} tools.`).nullish(),
    tool_choice: ToolChoice.nullish(),
    temperature: z.number().min(0).max(2).nullish(),
    top_p: z.number().min(0).max(1).nullish(),
    max_tokens: OutputTokens.nullish(),
    max_completion_tokens: OutputTokens.nullish(),
    stop: z.union([z.string().max(1000), z.array(z.string().max(1000)).max(4)]).nullish(),
    presence_penalty: z.number().min(-2).max(2).nullish(),
    frequency_penalty: z.number().min(-2).max(2).nullish(),
    seed: z.number().int().nullish(),
    response_format: ResponseFormat.nullish(),
    n: z
      .number()
      .int()
      .nullish()
      .refine((n) => n == null || n === 1, "Parley answers with one choice: leave n out or send 1."),
    logprobs: z
      .boolean()
      .nullish()
      .refine((value) => !value, "Log probabilities are not available."),
    user: z.string().max(256).optional(),
  })
  .meta({ id: "ChatCompletionRequest" })
  .describe("OpenAI's Chat Completions request. Fields not listed here are ignored.");
export type ChatCompletionRequest = z.infer<typeof ChatCompletionRequest>;

const Usage = z.object({
  prompt_tokens: z.number().int(),
  completion_tokens: z.number().int(),
  total_tokens: z.number().int(),
});

const ResponseToolCall = z.object({
  id: z.string(),
  type: z.literal("function"),
  function: z.object({ name: z.string(), arguments: z.string() }),
});

export const ChatCompletion = z
  .object({
    id: z.string(),
    object: z.literal("chat.completion"),
    created: z.number().int(),
    model: z.string(),
    choices: z.array(
      z.object({
        index: z.number().int(),
        message: z.object({
          role: z.literal("assistant"),
          content: z.string().nullable(),
          refusal: z.null(),
          reasoning_content: z.string().optional().describe("The model's reasoning, when it shows it."),
          tool_calls: z.array(ResponseToolCall).optional(),
        }),
        logprobs: z.null(),
        finish_reason: z.enum(["stop", "length", "tool_calls", "content_filter"]),
      }),
    ),
    usage: Usage,
  })
  .meta({ id: "ChatCompletion" })
  .describe(
    'With `"stream": true` the answer is `text/event-stream`: `data: <chat.completion.chunk JSON>` events, ' +
      "then `data: [DONE]`; with `stream_options.include_usage` a last chunk with empty `choices` and `usage`.",
  );
export type ChatCompletion = z.infer<typeof ChatCompletion>;

export const ModelList = z
  .object({
    object: z.literal("list"),
    data: z.array(
      z.object({
        id: z.string(),
        object: z.literal("model"),
        created: z.number().int(),
        owned_by: z.string(),
      }),
    ),
  })
  .meta({ id: "ModelList" });

const EmbeddingInput = z.union([
  z.string().min(1).max(1_000_000),
  z.array(z.string().min(1).max(1_000_000)).min(1).max(2048),
  z.array(z.unknown()).transform((_, ctx) => {
    ctx.addIssue({ code: "custom", message: "Send the input as text (a string or a list of strings), not as tokens." });
    return z.NEVER;
  }),
]);

export const EmbeddingRequest = z
  .object({
    model: z.string().min(1).max(256),
    input: EmbeddingInput,
    encoding_format: z.enum(["float", "base64"]).optional(),
    dimensions: z.number().int().min(1).max(100_000).optional(),
    user: z.string().max(256).optional(),
  })
  .meta({ id: "EmbeddingRequest" });
export type EmbeddingRequest = z.infer<typeof EmbeddingRequest>;

export const EmbeddingList = z
  .object({
    object: z.literal("list"),
    data: z.array(
      z.object({
        object: z.literal("embedding"),
        index: z.number().int(),
        embedding: z.union([z.array(z.number()), z.string()]),
      }),
    ),
    model: z.string(),
    usage: z.object({ prompt_tokens: z.number().int(), total_tokens: z.number().int() }),
  })
  .meta({ id: "EmbeddingList" });

export const OpenAiErrorResponse = z
  .object({
    error: z.object({
      message: z.string(),
      type: z.string(),
      param: z.string().nullable(),
      code: z.string().nullable(),
    }),
  })
  .meta({ id: "OpenAIError" });
