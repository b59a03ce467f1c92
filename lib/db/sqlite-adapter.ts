import { PrismaBetterSqlite3 } from "@prisma/adapter-better-sqlite3";
import type { SqlDriverAdapter, SqlDriverAdapterFactory, SqlQuery, Transaction } from "@prisma/driver-adapter-utils";
import { sqlitePath } from "./dialect";

const PRAGMAS = "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON; PRAGMA busy_timeout=5000;";

/**
 * @prisma/adapter-better-sqlite3 runs every query on one connection, so a query from a concurrent request
 * issued while an interactive transaction is open joins that transaction: it sees uncommitted data and is
 * rolled back with it. This factory closes a gate while a transaction is open; queries outside it wait.
 * (better-sqlite3 is synchronous, so a query that passes the gate runs to completion before anything else.)
 */
export function sqliteAdapterFactory(url: string): SqlDriverAdapterFactory {
  const base = new PrismaBetterSqlite3({ url: `file:${sqlitePath(url)}`, timeout: 5000 });
  return {
    provider: base.provider,
    adapterName: base.adapterName,
    async connect() {
      const adapter = await base.connect();
      await adapter.executeScript(PRAGMAS);
      return likeEscapesWithBackslash(gateOutsideQueriesDuringTransactions(adapter));
    },
  };
}

/**
 * PostgreSQL's LIKE escapes with \ by default, SQLite's has no escape character at all. containsInsensitive
 * escapes % _ \ with \ for both: here SQLite is told so, so a search for "%" finds a percent sign.
 */
function likeEscapesWithBackslash(adapter: SqlDriverAdapter): SqlDriverAdapter {
  const escaped = (query: SqlQuery): SqlQuery =>
    query.sql.includes(" LIKE ") ? { ...query, sql: query.sql.replace(LIKE_PATTERN, "LIKE $1 ESCAPE '\\'") } : query;
  const queryRaw = adapter.queryRaw.bind(adapter);
  adapter.queryRaw = (query) => queryRaw(escaped(query));
  const startTransaction = adapter.startTransaction.bind(adapter);
  adapter.startTransaction = async (isolationLevel) => {
    const transaction = await startTransaction(isolationLevel);
    const inner = transaction.queryRaw.bind(transaction);
    transaction.queryRaw = (query) => inner(escaped(query));
    return transaction;
  };
  return adapter;
}

// What Prisma writes for `contains`, `startsWith`, `endsWith` (and a bare parameter), unless an ESCAPE clause
// follows already.
const LIKE_PATTERN = /\bLIKE (\((?:'%' \|\| )?\?(?: \|\| '%')?\)|\?)(?!\s*ESCAPE)/g;

export function gateOutsideQueriesDuringTransactions(adapter: SqlDriverAdapter): SqlDriverAdapter {
  // Transactions that have been requested and not yet committed or rolled back.
  let pending = 0;
  let opened: Array<() => void> = [];

  const whenNoTransaction = () => new Promise<void>((resolve) => opened.push(resolve));
  const transactionEnded = () => {
    pending -= 1;
    if (pending > 0) return;
    const waiters = opened;
    opened = [];
    for (const wake of waiters) wake();
  };
  // The check and the query run in one synchronous step, so no BEGIN can slip in between them.
  const gated = <T>(run: () => Promise<T>): Promise<T> =>
    pending === 0 ? run() : whenNoTransaction().then(() => gated(run));

  const queryRaw = adapter.queryRaw.bind(adapter);
  const executeRaw = adapter.executeRaw.bind(adapter);
  const executeScript = adapter.executeScript.bind(adapter);
  const startTransaction = adapter.startTransaction.bind(adapter);

  adapter.queryRaw = (query) => gated(() => queryRaw(query));
  adapter.executeRaw = (query) => gated(() => executeRaw(query));
  adapter.executeScript = (script) => gated(() => executeScript(script));
  adapter.startTransaction = async (isolationLevel) => {
    pending += 1;
    let transaction: Transaction;
    try {
      // The adapter's own mutex serialises transactions with each other.
      transaction = await startTransaction(isolationLevel);
    } catch (error) {
      transactionEnded();
      throw error;
    }
    let ended = false;
    const end = () => {
      if (!ended) {
        ended = true;
        transactionEnded();
      }
    };
    const commit = transaction.commit.bind(transaction);
    const rollback = transaction.rollback.bind(transaction);
    transaction.commit = () => commit().finally(end);
    transaction.rollback = () => rollback().finally(end);
    return transaction;
  };
  return adapter;
}
