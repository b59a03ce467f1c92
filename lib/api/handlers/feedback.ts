import "server-only";
import { setFeedback } from "../../db/feedback";
import { endpoint } from "../endpoint";
import { routes } from "../routes";

export const putFeedback = endpoint(routes.putFeedback, async ({ principal, params, body }) => {
  const feedback = await setFeedback({
    messageId: params.id,
    userId: principal.userId,
    rating: body.rating,
    comment: body.comment,
  });
  return {
    body: {
      object: "feedback" as const,
      message_id: feedback.messageId,
      rating: feedback.rating as "up" | "down",
      comment: feedback.comment,
      model: feedback.modelId,
      updated_at: feedback.updatedAt.toISOString(),
    },
  };
});
