/**
 * The folder tree every simulated mailbox has. Exchange identifies well-known folders by DistinguishedFolderId names;
 * the numeric code is what our opaque folder and item ids carry.
 */

export const ITEM_FOLDERS = ["inbox", "drafts", "sentitems", "deleteditems", "outbox", "junkemail", "calendar", "contacts", "tasks"] as const;
export type ItemFolderName = (typeof ITEM_FOLDERS)[number];
export type FolderName = "root" | "msgfolderroot" | ItemFolderName;

/** Element EWS uses for the folder (t:Folder, t:CalendarFolder, ...) — they have different schemas. */
export type FolderElement = "Folder" | "CalendarFolder" | "ContactsFolder" | "TasksFolder";

export interface FolderDefinition {
  readonly name: FolderName;
  readonly code: number;
  readonly displayName: string;
  /** Absent for the two roots, as on a real mailbox. */
  readonly folderClass?: string;
  readonly element: FolderElement;
  readonly parent?: FolderName;
}

export const FOLDERS: readonly FolderDefinition[] = [
  { name: "root", code: 1, displayName: "Root", element: "Folder" },
  { name: "msgfolderroot", code: 2, displayName: "Top of Information Store", element: "Folder", parent: "root" },
  { name: "inbox", code: 3, displayName: "Inbox", folderClass: "IPF.Note", element: "Folder", parent: "msgfolderroot" },
  { name: "drafts", code: 4, displayName: "Drafts", folderClass: "IPF.Note", element: "Folder", parent: "msgfolderroot" },
  { name: "sentitems", code: 5, displayName: "Sent Items", folderClass: "IPF.Note", element: "Folder", parent: "msgfolderroot" },
  { name: "deleteditems", code: 6, displayName: "Deleted Items", folderClass: "IPF.Note", element: "Folder", parent: "msgfolderroot" },
  { name: "outbox", code: 7, displayName: "Outbox", folderClass: "IPF.Note", element: "Folder", parent: "msgfolderroot" },
  { name: "junkemail", code: 8, displayName: "Junk Email", folderClass: "IPF.Note", element: "Folder", parent: "msgfolderroot" },
  { name: "calendar", code: 9, displayName: "Calendar", folderClass: "IPF.Appointment", element: "CalendarFolder", parent: "msgfolderroot" },
  { name: "contacts", code: 10, displayName: "Contacts", folderClass: "IPF.Contact", element: "ContactsFolder", parent: "msgfolderroot" },
  { name: "tasks", code: 11, displayName: "Tasks", folderClass: "IPF.Task", element: "TasksFolder", parent: "msgfolderroot" },
];

const BY_NAME = new Map<string, FolderDefinition>(FOLDERS.map((f) => [f.name, f]));
const BY_CODE = new Map<number, FolderDefinition>(FOLDERS.map((f) => [f.code, f]));

export function folderByName(name: string): FolderDefinition | undefined {
  return BY_NAME.get(name);
}

export function folderByCode(code: number): FolderDefinition | undefined {
  return BY_CODE.get(code);
}

export function isItemFolder(name: FolderName): name is ItemFolderName {
  return (ITEM_FOLDERS as readonly string[]).includes(name);
}

export function childFolders(name: FolderName): FolderDefinition[] {
  return FOLDERS.filter((f) => f.parent === name);
}

/** All folders below `name` (depth-first, parents before children), as SyncFolderHierarchy reports them. */
export function descendants(name: FolderName): FolderDefinition[] {
  const out: FolderDefinition[] = [];
  for (const c of childFolders(name)) {
    out.push(c, ...descendants(c.name));
  }
  return out;
}
