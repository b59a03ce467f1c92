"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { auditAction, formAction, formText, refusal, submitAction, success } from "@/lib/action";
import {
  ConnectionEditSchema,
  ConnectionFormSchema,
  ModelEditSchema,
  RemoteModelId,
} from "@/lib/ai/connection-schemas";
import { addDiscoveredModels, addModelByHand } from "@/lib/ai/connections";
import { probeServer } from "@/lib/ai/discovery";
import { listModels } from "@/lib/ai/providers";
import {
  createConnection,
  deleteConnection,
  deleteConnectionModel,
  getConnectionWithKey,
  moveConnectionModel,
  setDefaultModelSetting,
  updateConnection,
  updateConnectionModel,
} from "@/lib/db/connections";
import { log } from "@/lib/log";

// Every action here is for superusers only; the wrapper refuses anyone else before the body runs.
const admin = { access: "superuser" } as const;
const PAGE = "/admin/models";

const idOf = (name: string) => z.string().uuid({ message: `Missing or invalid ${name}.` });
const checked = z.preprocess((v) => v === "on" || v === "true", z.boolean());

export const addConnectionAction = formAction(
  {
    ...admin,
    name: "admin.addConnection",
    input: z.object({
      name: formText(z.string()),
      kind: formText(z.string()),
      baseUrl: formText(z.string()),
      apiKey: formText(z.string()),
    }),
    keep: { name: 60, kind: 30, baseUrl: 500 },
  },
  async (form, user) => {
    const parsed = ConnectionFormSchema.safeParse(form);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      return refusal({ [String(issue?.path[0] ?? "name")]: issue?.message });
    }
    const connection = await createConnection(parsed.data);
    await auditAction(user, "admin.connection_added", {
      subjectId: null,
      details: {
        connectionId: connection.id,
        name: connection.name,
        kind: connection.kind,
        baseUrl: connection.baseUrl ?? "default",
      },
    });
    const { probe, added } = await addDiscoveredModels(connection.id);
    log.info("admin.connection_added", { adminId: user.id, connectionId: connection.id, added });
    revalidatePath(PAGE);
    return success(null, {
      notice: probe.ok
        ? `Added “${connection.name}”. ${probe.message} ${added} enabled.`
        : `Added “${connection.name}”, but listing its models failed: ${probe.message} Add model ids by hand or fix the connection and Refresh.`,
    });
  },
);

const ConnectionInput = z.object({ connectionId: idOf("connectionId") });

/** "Test": what the server answered to a list request, without changing anything. */
export const testConnectionAction = formAction(
  { ...admin, name: "admin.testConnection", input: ConnectionInput },
  async ({ connectionId }) => {
    const probe = await probeServer(await getConnectionWithKey(connectionId));
    return probe.ok ? success(null, { notice: probe.message }) : refusal(probe.message);
  },
);

export const refreshConnectionAction = formAction(
  { ...admin, name: "admin.refreshConnection", input: ConnectionInput },
  async ({ connectionId }, user) => {
    const { probe, added } = await addDiscoveredModels(connectionId);
    if (!probe.ok) return refusal(probe.message);
    await auditAction(user, "admin.models_discovered", {
      subjectId: null,
      details: { connectionId, added: String(added) },
    });
    revalidatePath(PAGE);
    return success(null, { notice: `${probe.message} ${added ? `${added} new.` : "Nothing new."}` });
  },
);

export const editConnectionAction = formAction(
  {
    ...admin,
    name: "admin.editConnection",
    input: ConnectionInput.extend({
      name: formText(z.string()),
      baseUrl: formText(z.string()),
      apiKey: formText(z.string()),
      removeKey: checked,
      enabled: checked,
    }),
    keep: { name: 60, baseUrl: 500 },
  },
  async ({ connectionId, ...form }, user) => {
    const parsed = ConnectionEditSchema.safeParse(form);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      return refusal({ [String(issue?.path[0] ?? "name")]: issue?.message });
    }
    const { apiKey, removeKey, ...rest } = parsed.data;
    // An empty key field keeps the stored key (it is never sent to the page to be shown again).
    await updateConnection(connectionId, { ...rest, apiKey: removeKey ? null : (apiKey ?? undefined) });
    await auditAction(user, "admin.connection_updated", {
      subjectId: null,
      details: {
        connectionId,
        name: rest.name,
        baseUrl: rest.baseUrl ?? "default",
        enabled: String(rest.enabled),
        key: removeKey ? "removed" : apiKey ? "replaced" : "kept",
      },
    });
    revalidatePath(PAGE);
    return success(null, { notice: "Connection saved." });
  },
);

export const removeConnectionAction = submitAction(
  { ...admin, name: "admin.removeConnection", input: ConnectionInput },
  async ({ connectionId }, user) => {
    const removed = await deleteConnection(connectionId);
    if (removed) {
      await auditAction(user, "admin.connection_removed", {
        subjectId: null,
        details: { connectionId, name: removed.name },
      });
    }
    revalidatePath(PAGE);
  },
);

export const addModelAction = formAction(
  {
    ...admin,
    name: "admin.addModel",
    input: ConnectionInput.extend({ remoteId: formText(z.string()) }),
    keep: { remoteId: 200 },
  },
  async ({ connectionId, remoteId }, user) => {
    const parsed = RemoteModelId.safeParse(remoteId);
    if (!parsed.success) return refusal({ remoteId: parsed.error.issues[0]?.message });
    const added = await addModelByHand(connectionId, parsed.data);
    if (!added) return refusal({ remoteId: "That model is already listed." });
    await auditAction(user, "admin.model_added", { subjectId: null, details: { connectionId, model: parsed.data } });
    revalidatePath(PAGE);
    return success(null, { notice: `Added “${parsed.data}”.` });
  },
);

const ModelInput = z.object({ modelRowId: idOf("modelRowId") });

export const editModelAction = formAction(
  {
    ...admin,
    name: "admin.editModel",
    input: ModelInput.extend({
      label: formText(z.string()),
      contextWindow: formText(z.string()),
      enabled: checked,
      vision: checked,
      tools: checked,
      reasoning: checked,
      reasoningEffort: checked,
    }),
    keep: { label: 100, contextWindow: 10 },
  },
  async ({ modelRowId, ...form }, user) => {
    const parsed = ModelEditSchema.safeParse(form);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      return refusal({ [String(issue?.path[0] ?? "label")]: issue?.message });
    }
    const { modelId } = await updateConnectionModel(modelRowId, parsed.data);
    await auditAction(user, "admin.model_updated", {
      subjectId: null,
      details: {
        model: modelId,
        label: parsed.data.label,
        enabled: String(parsed.data.enabled),
        capabilities:
          (["vision", "tools", "reasoning", "reasoningEffort"] as const).filter((c) => parsed.data[c]).join(", ") ||
          "none",
        contextWindow: String(parsed.data.contextWindow ?? "unknown"),
      },
    });
    revalidatePath(PAGE);
    return success(null, { notice: "Saved." });
  },
);

export const moveModelAction = submitAction(
  { ...admin, name: "admin.moveModel", input: ModelInput.extend({ direction: z.enum(["up", "down"]) }) },
  async ({ modelRowId, direction }, user) => {
    const { modelId } = await moveConnectionModel(modelRowId, direction === "up" ? -1 : 1);
    await auditAction(user, "admin.model_updated", { subjectId: null, details: { model: modelId, moved: direction } });
    revalidatePath(PAGE);
  },
);

export const removeModelAction = submitAction(
  { ...admin, name: "admin.removeModel", input: ModelInput },
  async ({ modelRowId }, user) => {
    const removed = await deleteConnectionModel(modelRowId);
    if (removed)
      await auditAction(user, "admin.model_removed", { subjectId: null, details: { model: removed.modelId } });
    revalidatePath(PAGE);
  },
);

export const setDefaultModelAction = formAction(
  { ...admin, name: "admin.setDefaultModel", input: z.object({ modelId: formText(z.string().max(300)) }) },
  async ({ modelId }, user) => {
    if (modelId && !(await listModels()).some((m) => m.id === modelId)) {
      return refusal({ modelId: "Not one of the enabled models." });
    }
    await setDefaultModelSetting(modelId || null);
    await auditAction(user, "admin.default_model_changed", {
      subjectId: null,
      details: { model: modelId || "first listed" },
    });
    revalidatePath(PAGE);
    return success(null, { notice: "Default model saved." });
  },
);
