import "server-only";
import { getModel } from "../ai/providers";
import { getPermissions, modelAllowed, modelForbidden } from "../auth/permissions";
import { AppError, isAppError } from "../errors";

/** A configured model's id; an unknown one is 422 naming the API's `model` field. */
export async function apiModelId(id: string): Promise<string> {
  try {
    return (await getModel(id)).id;
  } catch (error) {
    if (isAppError(error) && error.code === "validation:model") {
      throw new AppError("validation:model", {
        message: `model: "${id}" is not one of the configured models.`,
        fields: [{ field: "model", message: "Not one of the configured models (see the model picker)." }],
      });
    }
    throw error;
  }
}

/** A configured model the caller's role allows: 422 when unknown, 403 when the role does not allow it. */
export async function apiAllowedModelId(userId: string, id: string, field = "model"): Promise<string> {
  const modelId = await apiModelId(id);
  if (!modelAllowed(await getPermissions(userId), modelId)) throw modelForbidden(modelId, field);
  return modelId;
}
