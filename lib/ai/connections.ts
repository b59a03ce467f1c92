import "server-only";
import { addConnectionModels, getConnectionWithKey } from "../db/connections";
import { guessCapabilities, type ProbeResult, probeServer } from "./discovery";
import { listModels } from "./providers";

/** The ids already in use: the environment's models and every listed model, so a new one never shadows them. */
async function takenIds(): Promise<Set<string>> {
  return new Set((await listModels()).map((m) => m.id));
}

/** Asks the connection's server for its models and adds the new ones ("Refresh"). */
export async function addDiscoveredModels(connectionId: string): Promise<{ probe: ProbeResult; added: number }> {
  const connection = await getConnectionWithKey(connectionId);
  const probe = await probeServer(connection);
  if (!probe.ok) return { probe, added: 0 };
  const taken = await takenIds();
  for (const model of connection.models) taken.add(model.modelId);
  return { probe, added: await addConnectionModels(connectionId, probe.models, taken) };
}

/** A model id the admin typed, for servers that cannot list their models. */
export async function addModelByHand(connectionId: string, remoteId: string): Promise<number> {
  const connection = await getConnectionWithKey(connectionId);
  const taken = await takenIds();
  for (const model of connection.models) taken.add(model.modelId);
  return addConnectionModels(connectionId, [{ remoteId, ...guessCapabilities(remoteId), contextWindow: null }], taken);
}
