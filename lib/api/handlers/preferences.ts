import "server-only";
import { type Preferences, getPreferences as readPreferences, updatePreferences } from "../../db/preferences";
import { endpoint } from "../endpoint";
import { apiAllowedModelId } from "../models";
import { routes } from "../routes";

function serializePreferences(p: Preferences) {
  return {
    object: "preferences" as const,
    custom_instructions: p.customInstructions,
    default_model: p.defaultModelId,
    theme: p.theme,
    send_key: p.sendKey,
  };
}

export const getPreferences = endpoint(routes.getPreferences, async ({ principal }) => {
  return { body: serializePreferences(await readPreferences(principal.userId)) };
});

export const patchPreferences = endpoint(routes.patchPreferences, async ({ principal, body }) => {
  const preferences = await updatePreferences(principal.userId, {
    customInstructions: body.custom_instructions,
    defaultModelId: body.default_model
      ? await apiAllowedModelId(principal.userId, body.default_model, "default_model")
      : body.default_model,
    theme: body.theme,
    sendKey: body.send_key,
  });
  return { body: serializePreferences(preferences) };
});
