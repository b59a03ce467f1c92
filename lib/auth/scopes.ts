import { z } from "zod";

export const SCOPES = [
  "conversations:read",
  "conversations:write",
  "messages:read",
  "messages:write",
  "profile:read",
  "direct:read",
  "direct:write",
  "profile:write",
  "shares:read",
  "shares:write",
  "files:read",
  "files:write",
  "models:use",
] as const;

export type Scope = (typeof SCOPES)[number];

export const ScopeSchema = z.enum(SCOPES);

export const SCOPE_DESCRIPTIONS: Record<Scope, string> = {
  "conversations:read": "List and read conversations",
  "conversations:write": "Create, rename, pin, archive, delete and restore conversations",
  "messages:read": "Read messages",
  "messages:write": "Send, edit and delete messages",
  "profile:read": "Read your profile",
  "direct:read": "Read your direct messages with people, and follow them live",
  "direct:write": "Send, mark read and delete direct messages; block and unblock people",
  "profile:write": "Change your preferences",
  "shares:read": "List your shared links",
  "shares:write": "Create and delete shared links (creating one also needs messages:read)",
  "files:read": "Read and download your uploaded files",
  "files:write": "Upload and delete files",
  "models:use": "Use the models your role allows through the OpenAI-compatible endpoints (/models, /chat/completions)",
};
