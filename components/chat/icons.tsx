import type { SVGProps } from "react";

function Icon({ children, ...props }: SVGProps<SVGSVGElement>) {
  return (
    <svg
      aria-hidden="true"
      viewBox="0 0 20 20"
      fill="none"
      stroke="currentColor"
      strokeWidth="1.6"
      strokeLinecap="round"
      strokeLinejoin="round"
      className="size-4 shrink-0"
      {...props}
    >
      {children}
    </svg>
  );
}

export const PlusIcon = () => (
  <Icon>
    <path d="M10 4v12M4 10h12" />
  </Icon>
);
export const FolderIcon = () => (
  <Icon>
    <path d="M3 6.5A1.5 1.5 0 0 1 4.5 5h3.2l1.6 1.8h6.2A1.5 1.5 0 0 1 17 8.3v6.2a1.5 1.5 0 0 1-1.5 1.5h-11A1.5 1.5 0 0 1 3 14.5z" />
  </Icon>
);

export const SearchIcon = () => (
  <Icon>
    <circle cx="9" cy="9" r="5.5" />
    <path d="m13.5 13.5 3 3" />
  </Icon>
);
export const SidebarIcon = () => (
  <Icon>
    <rect x="3" y="3.5" width="14" height="13" rx="2" />
    <path d="M8 3.5v13" />
  </Icon>
);
export const DotsIcon = () => (
  <Icon>
    <circle cx="5" cy="10" r=".8" fill="currentColor" />
    <circle cx="10" cy="10" r=".8" fill="currentColor" />
    <circle cx="15" cy="10" r=".8" fill="currentColor" />
  </Icon>
);
export const PinIcon = () => (
  <Icon>
    <path d="M12.5 3 17 7.5l-3 1-3.5 3.5.5 3.5-1.5 1.5L6 13.5 3 17m3-3.5L3.5 10 5 8.5l3.5.5L12 5.5z" />
  </Icon>
);
export const ArchiveIcon = () => (
  <Icon>
    <rect x="3" y="4" width="14" height="3.5" rx="1" />
    <path d="M4.5 7.5V15a1 1 0 0 0 1 1h9a1 1 0 0 0 1-1V7.5M8 11h4" />
  </Icon>
);
export const MessagesIcon = () => (
  <Icon>
    <path d="M4 5.5A1.5 1.5 0 0 1 5.5 4h9A1.5 1.5 0 0 1 16 5.5v6a1.5 1.5 0 0 1-1.5 1.5H9l-3.5 3v-3h0A1.5 1.5 0 0 1 4 11.5z" />
  </Icon>
);
export const TrashIcon = () => (
  <Icon>
    <path d="M4 6h12M8 6V4.5h4V6m-6.5 0 .7 9.5a1 1 0 0 0 1 .9h5.6a1 1 0 0 0 1-.9L14.5 6" />
  </Icon>
);
export const PencilIcon = () => (
  <Icon>
    <path d="m13 4 3 3-8.5 8.5H4.5v-3z" />
  </Icon>
);
export const DownloadIcon = () => (
  <Icon>
    <path d="M10 3.5v9m0 0-3.5-3.5M10 12.5l3.5-3.5M4 15.5h12" />
  </Icon>
);
export const RefreshIcon = () => (
  <Icon>
    <path d="M16 10a6 6 0 1 1-1.8-4.3M16 3.5v3.5h-3.5" />
  </Icon>
);
export const ArrowUpIcon = () => (
  <Icon strokeWidth="2">
    <path d="M10 16V4m0 0-5 5m5-5 5 5" />
  </Icon>
);
export const StopIcon = () => (
  <Icon>
    <rect x="5.5" y="5.5" width="9" height="9" rx="1.5" fill="currentColor" />
  </Icon>
);
export const ChevronLeftIcon = () => (
  <Icon>
    <path d="m12 5-5 5 5 5" />
  </Icon>
);
export const ChevronRightIcon = () => (
  <Icon>
    <path d="m8 5 5 5-5 5" />
  </Icon>
);
export const ChevronDownIcon = () => (
  <Icon>
    <path d="m5 8 5 5 5-5" />
  </Icon>
);
export const WrenchIcon = () => (
  <Icon>
    <path d="M12.5 3.5a4 4 0 0 0-4.9 5.2L3.5 12.8a1.6 1.6 0 0 0 2.3 2.3l4.1-4.1a4 4 0 0 0 5.2-4.9l-2.4 2.4-2.2-.6-.6-2.2z" />
  </Icon>
);
export const SparkIcon = () => (
  <Icon>
    <path d="M10 3v3m0 8v3M3 10h3m8 0h3M5.5 5.5l2 2m5 5 2 2m0-9-2 2m-5 5-2 2" />
  </Icon>
);
export const ArrowDownIcon = () => (
  <Icon strokeWidth="2">
    <path d="M10 4v12m0 0-5-5m5 5 5-5" />
  </Icon>
);
export const ThumbUpIcon = () => (
  <Icon>
    <path d="M6.5 9 9.5 3.5c1 0 2 .8 2 2V8h3.7a1.5 1.5 0 0 1 1.5 1.8l-1.1 5.5a1.5 1.5 0 0 1-1.5 1.2H6.5V9Z" />
    <path d="M3.5 9h3v7.5h-3z" />
  </Icon>
);
export const ThumbDownIcon = () => (
  <Icon>
    <path d="M13.5 11 10.5 16.5c-1 0-2-.8-2-2V12H4.8a1.5 1.5 0 0 1-1.5-1.8l1.1-5.5a1.5 1.5 0 0 1 1.5-1.2h7.6V11Z" />
    <path d="M16.5 11h-3V3.5h3z" />
  </Icon>
);
export const ShareIcon = () => (
  <Icon>
    <path d="M10 3v9M6.5 6.5 10 3l3.5 3.5" />
    <path d="M4.5 10.5v5a1 1 0 0 0 1 1h9a1 1 0 0 0 1-1v-5" />
  </Icon>
);
export const PaperclipIcon = () => (
  <Icon>
    <path d="m15.5 9.5-5.8 5.8a3.5 3.5 0 0 1-5-5l6.4-6.4a2.3 2.3 0 0 1 3.3 3.3l-6.4 6.4a1.2 1.2 0 0 1-1.7-1.7l5.8-5.8" />
  </Icon>
);
export const FileIcon = () => (
  <Icon>
    <path d="M11.5 3H6a1.5 1.5 0 0 0-1.5 1.5v11A1.5 1.5 0 0 0 6 17h8a1.5 1.5 0 0 0 1.5-1.5V7Z" />
    <path d="M11.5 3v4h4" />
  </Icon>
);
export const XIcon = () => (
  <Icon>
    <path d="m5.5 5.5 9 9M14.5 5.5l-9 9" />
  </Icon>
);
