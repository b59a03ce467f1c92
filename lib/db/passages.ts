import "server-only";
import { db, dialect } from "./client";

// Full-text search over a project's passages: SQLite's FTS5 table "PassageFts" ranked by bm25(), PostgreSQL's
// GIN index on to_tsvector('english', text) ranked by ts_rank_cd (both made by the projects migration).

export interface PassageHit {
  id: number;
  attachmentId: string;
  name: string;
  page: number | null;
  offset: number;
  text: string;
}

// Words that match nearly every passage: left out of the OR query so they neither rank nor slow it.
const STOP_WORDS = new Set(
  (
    "a an and are as at be but by do does did for from has have how i in is it its of on or so that the their " +
    "them then there these they this to was were what when where which who why will with you your can about " +
    "into than our we my me he she his her not no yes if"
  ).split(" "),
);

/**
 * The words of a question as search terms: letters and digits only, so `%`, `_`, quotes and operators are
 * plain characters that separate words, never query syntax. At most 32 terms.
 */
export function searchTerms(query: string): string[] {
  const words = query.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [];
  const terms = [...new Set(words.filter((w) => !STOP_WORDS.has(w) && w.length <= 64))];
  return terms.slice(0, 32);
}

/** The caller's passages in one project that best match the query, best first. */
export async function searchPassages({
  userId,
  projectId,
  query,
  limit = 6,
}: {
  userId: string;
  projectId: string;
  query: string;
  limit?: number;
}): Promise<PassageHit[]> {
  const terms = searchTerms(query);
  if (terms.length === 0) return [];
  const rows =
    dialect === "sqlite"
      ? await db.$queryRawUnsafe<RawHit[]>(
          `SELECT p."id", p."attachmentId", a."name", p."page", p."offset", p."text"
             FROM "PassageFts" f
             JOIN "Passage" p ON p."id" = f.rowid
             JOIN "Attachment" a ON a."id" = p."attachmentId"
            WHERE "PassageFts" MATCH ? AND p."projectId" = ? AND p."userId" = ?
            ORDER BY bm25("PassageFts") LIMIT ?`,
          terms.map((t) => `"${t}"`).join(" OR "),
          projectId,
          userId,
          limit,
        )
      : await db.$queryRawUnsafe<RawHit[]>(
          `SELECT p."id", p."attachmentId", a."name", p."page", p."offset", p."text"
             FROM "Passage" p
             JOIN "Attachment" a ON a."id" = p."attachmentId",
                  to_tsquery('english', $1) q
            WHERE to_tsvector('english', p."text") @@ q AND p."projectId" = $2 AND p."userId" = $3
            ORDER BY ts_rank_cd(to_tsvector('english', p."text"), q) DESC, p."id" LIMIT $4`,
          terms.join(" | "),
          projectId,
          userId,
          limit,
        );
  return rows.map((row) => ({
    id: Number(row.id),
    attachmentId: row.attachmentId,
    name: row.name,
    page: row.page === null ? null : Number(row.page),
    offset: Number(row.offset),
    text: row.text,
  }));
}

interface RawHit {
  id: number | bigint;
  attachmentId: string;
  name: string;
  page: number | bigint | null;
  offset: number | bigint;
  text: string;
}
