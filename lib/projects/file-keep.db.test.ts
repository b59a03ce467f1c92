import { expect, it } from "vitest";
import { deleteConversationPermanently, emptyTrash, moveConversationToTrash } from "@/lib/db/conversations";
import { apiUser, call } from "@/test/api";

// A file a project uses belongs to the project too: deleting the chat message (or the conversation) that first
// carried it must not delete it, with its passages, under the project.

async function fileSentAndInProject(user: { key: string }) {
  const form = new FormData();
  form.set("file", new File(["Project notes: the vault code is 8812.\n"], "notes.md", { type: "text/markdown" }));
  const uploaded = await call("POST", "/files", { key: user.key, form });
  expect(uploaded.status).toBe(201);
  const fileId = uploaded.json.id as string;
  const conversation = await call("POST", "/conversations", { key: user.key, body: {} });
  const sent = await call("POST", `/conversations/${conversation.json.id}/messages`, {
    key: user.key,
    body: { content: "see file", attachments: [fileId], model: "offline" },
  });
  expect(sent.status, sent.text).toBeLessThan(300);
  const project = await call("POST", "/projects", { key: user.key, body: { name: "P" } });
  const added = await call("POST", `/projects/${project.json.id}/files`, { key: user.key, body: { file_id: fileId } });
  expect(added.status).toBe(201);
  return { fileId, conversationId: conversation.json.id as string, projectId: project.json.id as string };
}

async function projectFileIds(key: string, projectId: string) {
  const after = await call("GET", `/projects/${projectId}`, { key });
  return after.json.files.map((f: { file_id: string }) => f.file_id);
}

it("a project's file survives deleting the chat message that first carried it", async () => {
  const user = await apiUser();
  const { fileId, conversationId, projectId } = await fileSentAndInProject(user);
  const messages = await call("GET", `/conversations/${conversationId}/messages`, { key: user.key });
  const userMessage = messages.json.data.find((m: { role: string }) => m.role === "user");
  const deleted = await call("DELETE", `/messages/${userMessage.id}`, { key: user.key });
  expect(deleted.status).toBe(204);
  expect(await projectFileIds(user.key, projectId)).toEqual([fileId]);
}, 120_000);

it("a project's file survives deleting its conversation, and emptying the trash", async () => {
  const user = await apiUser();
  const first = await fileSentAndInProject(user);
  await deleteConversationPermanently({ id: first.conversationId, userId: user.id });
  expect(await projectFileIds(user.key, first.projectId)).toEqual([first.fileId]);
  const second = await fileSentAndInProject(user);
  await moveConversationToTrash({ id: second.conversationId, userId: user.id });
  expect(await emptyTrash({ userId: user.id })).toBe(1);
  expect(await projectFileIds(user.key, second.projectId)).toEqual([second.fileId]);
  const download = await call("GET", `/files/${second.fileId}`, { key: user.key });
  expect(download.status).toBe(200);
}, 120_000);
