import "server-only";
import { searchPassages } from "../db/passages";
import { getProject } from "../db/projects";
import { type Source, sourceLabel } from "./sources";

// What a project chat's reply is given: the project's instructions, and the passages of its files that best
// match the question (never whole files). The search tool (lib/ai/tools/search-project.ts) can look again.

/** Passages given to the model with each question. */
export const PASSAGES_PER_QUESTION = 6;

export interface ProjectContext {
  /** Added to the system prompt. */
  instructions: string;
  sources: Source[];
}

export async function projectContext({
  userId,
  projectId,
  question,
}: {
  userId: string;
  projectId: string;
  question: string;
}): Promise<ProjectContext | null> {
  const project = await getProject({ id: projectId, userId });
  if (!project) return null;
  const hits = question.trim()
    ? await searchPassages({ userId, projectId, query: question, limit: PASSAGES_PER_QUESTION })
    : [];
  const sources: Source[] = hits.map((hit) => ({
    projectId,
    fileId: hit.attachmentId,
    name: hit.name,
    page: hit.page,
    offset: hit.offset,
    passageId: hit.id,
  }));
  const lines = [`This chat is in the person's project "${project.name}".`];
  if (project.instructions?.trim()) lines.push(`The project's instructions:\n${project.instructions.trim()}`);
  if (hits.length > 0) {
    lines.push(
      "Passages from the project's files that match the question, best first. Answer from them where they " +
        "help, and name the file (and page) you used. The searchProjectFiles tool finds more.",
      ...hits.map((hit, i) => `[${i + 1}] ${sourceLabel(hit)}\n${hit.text}`),
    );
  } else {
    lines.push("No passage of the project's files matched the question; the searchProjectFiles tool can search them.");
  }
  return { instructions: lines.join("\n\n"), sources };
}
