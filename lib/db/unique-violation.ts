/** Prisma's "unique constraint failed" (P2002): a concurrent insert won the race, or the value is taken. */
export function isUniqueViolation(error: unknown): boolean {
  return typeof error === "object" && error !== null && (error as { code?: unknown }).code === "P2002";
}
