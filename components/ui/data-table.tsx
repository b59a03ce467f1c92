import type { ReactNode } from "react";

/** A column heading; `hidden` keeps it for screen readers only (a column of buttons). */
export type DataTableColumn = string | { label: string; hidden: true };

/**
 * The tables of settings and admin: a caption for screen readers, one header row, and the rows given as
 * children. `className` adds to the base (e.g. `stack` to stack cells on phones, a max width); `spaced` puts
 * room after every column but the last, for tables with long text.
 */
export function DataTable({
  caption,
  columns,
  className,
  spaced = false,
  children,
}: {
  caption: string;
  columns: DataTableColumn[];
  className?: string;
  spaced?: boolean;
  children: ReactNode;
}) {
  return (
    <table className={className ? `${className} w-full text-left text-sm` : "w-full text-left text-sm"}>
      <caption className="sr-only">{caption}</caption>
      <thead>
        <tr className="border-b border-zinc-200 dark:border-zinc-800">
          {columns.map((column, index) => {
            const label = typeof column === "string" ? column : column.label;
            const classes = [index === 0 ? "py-2" : "", spaced && index < columns.length - 1 ? "pr-3" : ""]
              .filter(Boolean)
              .join(" ");
            return (
              <th key={label} className={classes || undefined}>
                {typeof column === "string" ? column : <span className="sr-only">{label}</span>}
              </th>
            );
          })}
        </tr>
      </thead>
      <tbody>{children}</tbody>
    </table>
  );
}

/** The hidden heading of a column of buttons. */
export const ACTIONS_COLUMN: DataTableColumn = { label: "Actions", hidden: true };
