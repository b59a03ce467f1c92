// Loads Prisma's WebAssembly schema engine: the CLI only runs a native engine it must download,
// and the package's own entry uses an ESM `.wasm` import that Node 20 cannot load.
import { readFile } from "node:fs/promises";
import { createRequire } from "node:module";
import {
  bindMigrationAwareSqlAdapterFactory,
  type SqlMigrationAwareDriverAdapterFactory,
} from "@prisma/driver-adapter-utils";
import { processGlobal } from "../../process-global";

const require = createRequire(import.meta.url);

// The engine's API is JSON in, JSON out; these are the shapes Parley uses.
export interface SchemaEngine {
  applyMigrations(input: unknown): Promise<{ appliedMigrationNames: string[] }>;
  diagnoseMigrationHistory(input: unknown): Promise<MigrationDiagnosis>;
  devDiagnostic(input: unknown): Promise<{ action: { tag: string; reason?: string } }>;
  diff(input: unknown): Promise<{ exitCode: number; stdout: string }>;
  reset(input: unknown): Promise<void>;
  free?(): void;
}

export interface MigrationDiagnosis {
  history: null | {
    diagnostic: string;
    unappliedMigrationNames?: string[];
    unpersistedMigrationNames?: string[];
  };
  failedMigrationNames: string[];
  editedMigrationNames: string[];
  hasMigrationsTable: boolean;
}

interface EngineClass {
  new: (options: unknown, log: (line: string) => void, adapter: unknown) => Promise<SchemaEngine>;
}

// Cached process-wide: the wasm glue module is shared, and instantiating it twice corrupts it.
function loadEngineClass(): Promise<EngineClass> {
  return processGlobal("parleySchemaEngineClass", async () => {
    const gluePath = require.resolve("@prisma/schema-engine-wasm/schema_engine_bg");
    const glue = await import(gluePath);
    const module = new WebAssembly.Module(await readFile(gluePath.replace(/\.js$/, ".wasm")));
    const instance = new WebAssembly.Instance(module, { "./schema_engine_bg.js": glue });
    glue.__wbg_set_wasm(instance.exports);
    (instance.exports as { __wbindgen_start(): void }).__wbindgen_start();
    // Rust panics are reported through this global by the wasm glue.
    const g = globalThis as { PRISMA_WASM_PANIC_REGISTRY?: unknown };
    let panicMessage = "";
    g.PRISMA_WASM_PANIC_REGISTRY ??= {
      get: () => panicMessage,
      set_message: (m: string) => {
        panicMessage = `RuntimeError: ${m}`;
      },
    };
    return glue.SchemaEngine as EngineClass;
  });
}

export interface OpenedEngine {
  engine: SchemaEngine;
  close(): Promise<void>;
}

/** Opens the engine over a schema; `close` also disposes connections, which `free()` leaves open. */
export async function openSchemaEngine(
  schemaFiles: Array<[path: string, content: string]>,
  factory: SqlMigrationAwareDriverAdapterFactory,
  log: (line: string) => void = () => {},
): Promise<OpenedEngine> {
  const SchemaEngineClass = await loadEngineClass();
  const open = new Set<{ dispose(): Promise<void> }>();
  const track = async <T extends { dispose(): Promise<void> }>(connecting: Promise<T>) => {
    const adapter = await connecting;
    const dispose = adapter.dispose.bind(adapter);
    open.add(adapter);
    adapter.dispose = async () => {
      open.delete(adapter);
      await dispose();
    };
    return adapter;
  };
  const tracked: SqlMigrationAwareDriverAdapterFactory = {
    provider: factory.provider,
    adapterName: factory.adapterName,
    connect: () => track(factory.connect()),
    connectToShadowDb: () => track(factory.connectToShadowDb()),
  };
  const engine = await SchemaEngineClass.new(
    { datamodels: schemaFiles },
    log,
    bindMigrationAwareSqlAdapterFactory(tracked),
  );
  return {
    engine,
    async close() {
      engine.free?.();
      for (const adapter of [...open]) await adapter.dispose().catch(() => {});
    },
  };
}
