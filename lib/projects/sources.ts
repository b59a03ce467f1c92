// What a reply in a project chat cites: the passages it was given (the `data-sources` part written when the
// reply starts) and the ones its search tool found. Shared by the server (REST, exports, shares) and the UI.

export const SOURCES_PART = "data-sources";
export const SEARCH_TOOL = "searchProjectFiles";

export interface Source {
  projectId: string;
  fileId: string;
  name: string;
  /** 1-based PDF page, null for text files. */
  page: number | null;
  /** Character offset of the passage in the page's (or file's) text. */
  offset: number;
  passageId: number;
}

function isSource(value: unknown): value is Source {
  const v = value as Partial<Source> | null;
  return (
    typeof v === "object" &&
    v !== null &&
    typeof v.fileId === "string" &&
    typeof v.name === "string" &&
    typeof v.projectId === "string" &&
    typeof v.offset === "number" &&
    typeof v.passageId === "number" &&
    (v.page === null || typeof v.page === "number")
  );
}

/** The sources of a stored reply's parts, each passage once, in the order they were cited. */
export function sourcesOf(parts: unknown): Source[] {
  if (!Array.isArray(parts)) return [];
  const found: Source[] = [];
  for (const part of parts as { type?: unknown; data?: unknown; output?: unknown; state?: unknown }[]) {
    if (part?.type === SOURCES_PART) {
      const list = (part.data as { sources?: unknown } | undefined)?.sources;
      if (Array.isArray(list)) found.push(...list.filter(isSource));
    } else if (part?.type === `tool-${SEARCH_TOOL}` && part.state === "output-available") {
      const results = (part.output as { results?: unknown } | undefined)?.results;
      if (Array.isArray(results)) {
        found.push(...results.map((r) => (r as { source?: unknown }).source).filter(isSource));
      }
    }
  }
  const seen = new Set<number>();
  return found.filter((s) => !seen.has(s.passageId) && seen.add(s.passageId));
}

/** Where a citation opens: the project's file view at the passage. */
export function sourceUrl(source: Source): string {
  return `/projects/${source.projectId}/files/${source.fileId}?passage=${source.passageId}#passage-${source.passageId}`;
}

/** "handbook.pdf, page 12" or "notes.md, character 5,120". */
export function sourceLabel(source: Pick<Source, "name" | "page" | "offset">): string {
  if (source.page !== null) return `${source.name}, page ${source.page}`;
  return `${source.name}, character ${source.offset.toLocaleString("en-US")}`;
}

export interface Citation {
  key: string;
  label: string;
  /** Null in a share: the reader sees the source's name, never a way into the file. */
  href: string | null;
}

/** What is shown under a reply: each source as a link to the passage, or only its name (shares). */
export function citationsOf(parts: unknown): Citation[] {
  const full = sourcesOf(parts);
  if (full.length) {
    return full.map((s) => ({ key: String(s.passageId), label: sourceLabel(s), href: sourceUrl(s) }));
  }
  const shared = (Array.isArray(parts) ? parts : []).find((p) => (p as { type?: unknown })?.type === SOURCES_PART) as
    | { data?: { sources?: unknown } }
    | undefined;
  const list = Array.isArray(shared?.data?.sources) ? shared.data.sources : [];
  return list.flatMap((entry, i) => {
    const { name, page } = (entry ?? {}) as { name?: unknown; page?: unknown };
    if (typeof name !== "string") return [];
    const label = typeof page === "number" ? `${name}, page ${page}` : name;
    return [{ key: `shared-${i}`, label, href: null }];
  });
}
