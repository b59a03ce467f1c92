import { PrismaBetterSqlite3 } from "@prisma/adapter-better-sqlite3";
import type { SqlDriverAdapter, SqlDriverAdapterFactory, Transaction } from "@prisma/driver-adapter-utils";
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
      return gateOutsideQueriesDuringTransactions(adapter);
    },
  };
}

export function gateOutsideQueriesDuringTransactions(adapter: SqlDriverAdapter): SqlDriverAdapter {
  let openTransaction: Promise<void> | null = null;

  const waitForGate = async () => {
    while (openTransaction) await openTransaction;
  };

  const queryRaw = adapter.queryRaw.bind(adapter);
  const executeRaw = adapter.executeRaw.bind(adapter);
  const executeScript = adapter.executeScript.bind(adapter);
  const startTransaction = adapter.startTransaction.bind(adapter);

  adapter.queryRaw = async (query) => {
    await waitForGate();
    return queryRaw(query);
  };
  adapter.executeRaw = async (query) => {
    await waitForGate();
    return executeRaw(query);
  };
  adapter.executeScript = async (script) => {
    await waitForGate();
    return executeScript(script);
  };
  adapter.startTransaction = async (isolationLevel) => {
    // The adapter's own mutex already serialises transactions with each other.
    const transaction: Transaction = await startTransaction(isolationLevel);
    let release!: () => void;
    const closed = new Promise<void>((resolve) => {
      release = resolve;
    });
    openTransaction = closed;
    const finish = () => {
      if (openTransaction === closed) openTransaction = null;
      release();
    };
    const commit = transaction.commit.bind(transaction);
    const rollback = transaction.rollback.bind(transaction);
    transaction.commit = async () => {
      try {
        await commit();
      } finally {
        finish();
      }
    };
    transaction.rollback = async () => {
      try {
        await rollback();
      } finally {
        finish();
      }
    };
    return transaction;
  };
  return adapter;
}
