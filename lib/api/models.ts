import "server-only";
import { getModel } from "../ai/providers";
import { AppError, isAppError } from "../errors";

/** A configured model's id; an unknown one is 422 naming the API's `model` field. */
export function apiModelId(id: string): string {
  try {
    return getModel(id).id;
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
