import "server-only";
import { PrismaPg } from "@prisma/adapter-pg";
import pg from "pg";

export interface PostgresPoolOptions {
  max: number;
  /** Longest opening a new connection may take: a database that cannot be reached is reported this fast. */
  connectTimeoutMs: number;
  /** Longest a statement may run (enforced by PostgreSQL and, for a frozen server, by the client). */
  statementTimeoutMs: number;
}

/**
 * The driver adapter's pool. Waiting for a connection has two bounds: opening one gives up after
 * `connectTimeoutMs` (the database is unreachable: answer 503 quickly), while waiting in line for one the pool
 * already holds, all busy with a database that answers, may last as long as a statement may run. A single
 * bound of a few seconds turned a burst of requests (200 replies starting at once, ten connections) into 503s
 * although the database was fine.
 */
export function postgresAdapter(url: string, options: PostgresPoolOptions): PrismaPg {
  const { connectTimeoutMs, statementTimeoutMs } = options;
  const queueWaitMs = Math.max(connectTimeoutMs, statementTimeoutMs);
  // pg-pool passes its options to each client: the client's own timer bounds the connection attempt.
  class QuickToConnectClient extends pg.Client {
    constructor(config?: pg.ClientConfig) {
      super({ ...config, connectionTimeoutMillis: connectTimeoutMs });
    }
  }
  return new PrismaPg({
    connectionString: url,
    max: options.max,
    Client: QuickToConnectClient,
    // pg-pool applies this to waiting for a pooled connection (and to opening one, which the client cuts short).
    connectionTimeoutMillis: queueWaitMs,
    statement_timeout: statementTimeoutMs,
    // A frozen server cannot enforce its own statement_timeout: the client gives up a moment later.
    query_timeout: statementTimeoutMs + 1_000,
    idle_in_transaction_session_timeout: statementTimeoutMs * 2,
    keepAlive: true,
  });
}

/** How long Prisma may wait to start a transaction: as long as waiting in line for a pooled connection. */
export function transactionWaitMs(options: Pick<PostgresPoolOptions, "connectTimeoutMs" | "statementTimeoutMs">) {
  return Math.max(options.connectTimeoutMs, options.statementTimeoutMs);
}
