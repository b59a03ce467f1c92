import type { ChatActions } from "@/components/chat/chat-view";
import type { SidebarActions } from "@/components/sidebar/types";
import {
  chooseBranchAction,
  deleteConversationAction,
  emptyTrashAction,
  listConversationsAction,
  loadThreadAction,
  renameConversationAction,
  restoreConversationAction,
  saveChatSettingsAction,
  setArchivedAction,
  setPinnedAction,
  trashConversationAction,
} from "./actions";

// Server actions handed to client components as props (components never import from app/).

export const chatActions: ChatActions = {
  loadThread: loadThreadAction,
  chooseBranch: chooseBranchAction,
  saveSettings: saveChatSettingsAction,
};

export const sidebarActions: SidebarActions = {
  list: listConversationsAction,
  rename: renameConversationAction,
  setPinned: setPinnedAction,
  setArchived: setArchivedAction,
  trash: trashConversationAction,
  restore: restoreConversationAction,
  deleteForever: deleteConversationAction,
  emptyTrash: emptyTrashAction,
};
