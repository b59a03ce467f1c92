"use client";

import { useId, useState } from "react";
import { apiRequest } from "./api-request";
import { ThumbDownIcon, ThumbUpIcon } from "./icons";

type Rating = "up" | "down";

/** Thumbs up / down on a reply; a thumbs down offers an optional comment. The last vote counts. */
export function FeedbackButtons({ messageId, initial }: { messageId: string; initial: Rating | null }) {
  const [rating, setRating] = useState<Rating | null>(initial);
  const [commenting, setCommenting] = useState(false);
  const [comment, setComment] = useState("");
  const [status, setStatus] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const commentId = useId();

  async function send(next: Rating, text?: string) {
    const previous = rating;
    setRating(next);
    setError(null);
    try {
      await apiRequest("PUT", `/messages/${messageId}/feedback`, { rating: next, comment: text ?? null });
      return true;
    } catch (failure) {
      setRating(previous);
      setError((failure as Error).message);
      return false;
    }
  }

  return (
    // `contents`: the buttons sit in the message's action row, and the comment form opens on a line of its own
    // below it, so nothing in the row moves.
    <div className="contents">
      <button
        type="button"
        aria-label="Good reply"
        title="Good reply"
        aria-pressed={rating === "up"}
        onClick={async () => {
          setCommenting(false);
          if (await send("up")) setStatus("Thanks for the feedback.");
        }}
        className={buttonClass}
      >
        <ThumbUpIcon />
      </button>
      <button
        type="button"
        aria-label="Bad reply"
        title="Bad reply"
        aria-pressed={rating === "down"}
        onClick={async () => {
          if (await send("down")) {
            setCommenting(true);
            setStatus(null);
          }
        }}
        className={buttonClass}
      >
        <ThumbDownIcon />
      </button>
      {commenting ? (
        <form
          className="order-last flex w-full max-w-md basis-full items-center gap-2 pt-1"
          onSubmit={async (event) => {
            event.preventDefault();
            if (await send("down", comment)) {
              setCommenting(false);
              setStatus("Thanks for the feedback.");
            }
          }}
        >
          <label htmlFor={commentId} className="sr-only">
            What was wrong with this reply? (optional)
          </label>
          <input
            id={commentId}
            value={comment}
            maxLength={2000}
            placeholder="What was wrong? (optional)"
            onChange={(event) => setComment(event.target.value)}
            className="min-w-0 flex-1 rounded-lg border border-zinc-300 bg-white px-2.5 py-1 text-sm outline-none focus:border-blue-500 dark:border-zinc-700 dark:bg-zinc-950"
          />
          <button
            type="submit"
            className="shrink-0 rounded-lg bg-zinc-900 px-2.5 py-1 text-sm font-medium text-white hover:bg-zinc-700 dark:bg-zinc-100 dark:text-zinc-900"
          >
            Send feedback
          </button>
        </form>
      ) : null}
      <span role="status" className="text-xs text-zinc-500 dark:text-zinc-400">
        {status}
      </span>
      {error ? (
        <span role="alert" className="text-xs text-red-600 dark:text-red-400">
          {error}
        </span>
      ) : null}
    </div>
  );
}

const buttonClass =
  "inline-flex items-center rounded-md px-2 py-1 text-zinc-500 transition-colors hover:bg-zinc-200/70 hover:text-zinc-900 focus-visible:outline-2 focus-visible:outline-blue-500 aria-pressed:text-blue-600 dark:text-zinc-400 dark:hover:bg-zinc-700/60 dark:hover:text-zinc-100 dark:aria-pressed:text-blue-400";
