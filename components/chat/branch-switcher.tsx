import { ChevronLeftIcon, ChevronRightIcon } from "./icons";

/** "< 2 / 3 >": moves between the versions of a message (edits and regenerations are siblings). */
export function BranchSwitcher({
  index,
  count,
  disabled,
  onSwitch,
}: {
  index: number;
  count: number;
  disabled?: boolean;
  onSwitch: (index: number) => void;
}) {
  const button =
    "rounded-md p-1 text-zinc-500 dark:text-zinc-400 hover:bg-zinc-100 hover:text-zinc-900 disabled:opacity-40 disabled:hover:bg-transparent dark:hover:bg-zinc-800 dark:hover:text-zinc-100";
  return (
    <div className="flex items-center gap-0.5 text-xs text-zinc-500 dark:text-zinc-400 tabular-nums">
      <button
        type="button"
        aria-label="Previous version"
        className={button}
        disabled={disabled || index === 0}
        onClick={() => onSwitch(index - 1)}
      >
        <ChevronLeftIcon />
      </button>
      <span>
        {index + 1} / {count}
      </span>
      <button
        type="button"
        aria-label="Next version"
        className={button}
        disabled={disabled || index >= count - 1}
        onClick={() => onSwitch(index + 1)}
      >
        <ChevronRightIcon />
      </button>
    </div>
  );
}
