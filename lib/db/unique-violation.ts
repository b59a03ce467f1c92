/**
 * Prisma's "unique constraint failed": a concurrent insert won the race, or the value is taken. A raw statement's
 * violation (lib/db's hot-path SQL) comes as P2010 with the driver adapter's own kind.
 */
export function isUniqueViolation(error: unknown): boolean {
  if (typeof error !== "object" || error === null) return false;
  const { code, meta } = error as { code?: unknown; meta?: { driverAdapterError?: { cause?: { kind?: unknown } } } };
  return (
    code === "P2002" || (code === "P2010" && meta?.driverAdapterError?.cause?.kind === "UniqueConstraintViolation")
  );
}
