// Recognises "the database cannot be reached right now" among the shapes it takes through Prisma, its
// driver adapters, pg and pg-pool, as opposed to a bad query or a constraint. No imports: lib/errors.ts uses it.

const ADAPTER_KINDS = new Set(["DatabaseNotReachable", "ConnectionClosed", "SocketTimeout", "TooManyConnections"]);

// Prisma codes: P1001 cannot reach, P1002 timed out, P1008 operation timed out, P1017 server closed the
// connection, P2024 timed out fetching a connection from the pool.
const PRISMA_CODES = new Set(["P1001", "P1002", "P1008", "P1017", "P2024"]);

// PostgreSQL SQLSTATEs: connection exceptions (08…), query_canceled (statement_timeout), admin/crash
// shutdown, cannot_connect_now (starting up or shutting down), too_many_connections, idle-in-transaction timeout.
const SQLSTATE = /^(08\d{3}|57014|57P01|57P02|57P03|53300|25P03)$/;

// Socket errors count only from a socket operation Parley made itself (`syscall`: connect, read, write…): a
// client that resets its own request (a slow upload given up) raises ECONNRESET "aborted" without one, and
// that is no database outage.
const NODE_CODES = new Set([
  "ECONNREFUSED",
  "ECONNRESET",
  "ETIMEDOUT",
  "EHOSTUNREACH",
  "ENETUNREACH",
  "EPIPE",
  "ENOTFOUND",
]);

const MESSAGES = [
  /timeout exceeded when trying to connect/i,
  // pg's own connect timeout (lib/db/postgres-pool.ts), exactly this text.
  /^timeout expired$/,
  /Connection terminated/i,
  /Query read timeout/i,
  /Server has closed the connection/i,
  /Can't reach database server/i,
  /Client has encountered a connection error/i,
  /the database system is (starting up|shutting down)/i,
  /terminating connection due to administrator command/i,
  /canceling statement due to statement timeout/i,
  /database is locked/i,
  // Prisma gave up waiting for a connection to start a transaction on (P2028 also covers misuse, so by message).
  /Unable to start a transaction in the given time/i,
];

export function isDatabaseUnavailable(error: unknown, depth = 0): boolean {
  if (!error || typeof error !== "object" || depth > 6) return false;
  const e = error as {
    code?: unknown;
    kind?: unknown;
    message?: unknown;
    cause?: unknown;
    err?: unknown;
    syscall?: unknown;
    meta?: { driverAdapterError?: unknown };
    originalCode?: unknown;
  };
  if (typeof e.kind === "string" && ADAPTER_KINDS.has(e.kind)) return true;
  if (typeof e.kind === "string" && e.kind === "postgres" && typeof e.originalCode === "string") {
    if (SQLSTATE.test(e.originalCode)) return true;
  }
  if (typeof e.code === "string" && (PRISMA_CODES.has(e.code) || SQLSTATE.test(e.code))) return true;
  // Node's AggregateError (every address of a host refused) carries the code, its `errors` the syscalls.
  const ownSocket = typeof e.syscall === "string" || Array.isArray((error as { errors?: unknown }).errors);
  if (typeof e.code === "string" && NODE_CODES.has(e.code) && ownSocket) return true;
  if (typeof e.message === "string" && MESSAGES.some((pattern) => pattern.test(e.message as string))) return true;
  return [e.cause, e.err, e.meta?.driverAdapterError].some((inner) => isDatabaseUnavailable(inner, depth + 1));
}
