import type { ChangePage, FolderKind, MailItem } from "./items";

/**
 * One mailbox, reached through one transport. EWS (SyncFolderItems + GetItem) and Graph (delta queries + $batch)
 * both fit: changes are paged from an opaque cursor, items fetched by id.
 */
export interface MailboxSource {
  /** Changes since `cursor` (null: from the beginning), at most `maxChanges` per page. */
  listChanges(folder: FolderKind, cursor: string | null, maxChanges: number): Promise<ChangePage>;
  /** The items with these ids; ids deleted in the meantime are simply missing from the answer. */
  getItems(folder: FolderKind, ids: readonly string[]): Promise<MailItem[]>;
  /**
   * Optional: read the first page of several folders at once (Graph's `$batch`), so an idle mailbox costs one call.
   * `listChanges` then answers those folders from what was read.
   */
  prefetch?(folders: readonly FolderStart[], maxChanges: number): Promise<void>;
  /** Calls made so far (the run history and the benchmark count them). */
  readonly calls: number;
}

/** A folder and the cursor its sync starts from. */
export interface FolderStart {
  readonly folder: FolderKind;
  readonly cursor: string | null;
}
