import { expect, test } from "vitest";
import { buildReference, curlCommand, pathVariable } from "./reference";
import { routes } from "./routes";

test("groups every endpoint under its resource, in the document's tag order", () => {
  const groups = buildReference();
  expect(groups.map((g) => g.tag)).toEqual([
    "Authentication",
    "Conversations",
    "Messages",
    "Files",
    "Projects",
    "Direct messages",
    "Shares",
    "Profile",
    "OpenAI-compatible",
    "Meta",
  ]);
  expect(groups.flatMap((g) => g.endpoints).length).toBe(Object.keys(routes).length);
});

test("path parameters become the shell variables the walkthrough sets", () => {
  expect(pathVariable("/api/v1/conversations/{id}/messages", "id")).toBe("$CONVERSATION_ID");
  expect(pathVariable("/api/v1/messages/{id}", "id")).toBe("$MESSAGE_ID");
});

test("a curl command quotes the JSON body for the shell, even with an apostrophe", () => {
  const command = curlCommand({
    method: "POST",
    path: "/api/v1/conversations/{id}/messages",
    authenticated: true,
    body: { content: "it's" },
  });
  expect(command).toBe(
    [
      'curl -X POST "$PARLEY_URL/api/v1/conversations/$CONVERSATION_ID/messages"',
      '  -H "Authorization: Bearer $PARLEY_KEY"',
      '  -H "Content-Type: application/json"',
      `  -d '{"content":"it'\\''s"}'`,
    ].join(" \\\n"),
  );
});

test("the flat message list's curl names the required conversation_id", () => {
  const list = buildReference()
    .flatMap((g) => g.endpoints)
    .find((e) => e.id === "listMessages");
  expect(list?.curl).toContain('"$PARLEY_URL/api/v1/messages?conversation_id=$CONVERSATION_ID"');
});

test("an endpoint that also answers a 200 replay shows its real success status", () => {
  const send = buildReference()
    .flatMap((g) => g.endpoints)
    .find((e) => e.id === "postConversationMessage");
  expect(send?.successStatus).toBe("201");
  expect(send?.successDescription).toBe("The user message and the finished reply.");
});
