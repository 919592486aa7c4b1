/** What the demo Outlook page reads from the demo's routes (scripts/demo/demoRouter.ts), served only in demo mode. */
export type DemoRole = "Sales rep" | "Sync administrator" | "Sync support";

export interface DemoRep {
  readonly id: string;
  readonly email: string;
  readonly displayName: string;
  readonly role: DemoRole;
}

export interface DemoWorld {
  readonly reps: readonly DemoRep[];
  /** Every demo user's password at the Entra ID simulator (they are not real accounts). */
  readonly password: string;
  /** Minutes between new customer mail and meetings (0: off). */
  readonly activityMinutes: number;
}

export type DemoFolderId = "inbox" | "sentitems" | "calendar";

export interface DemoFolder {
  readonly id: DemoFolderId;
  readonly name: string;
  readonly total: number;
  readonly unread: number;
}

export interface DemoPerson {
  readonly name: string;
  readonly email: string;
}

export interface DemoItem {
  readonly id: string;
  readonly kind: "message" | "meeting";
  readonly subject: string;
  readonly from: DemoPerson | null;
  readonly to: readonly DemoPerson[];
  readonly cc: readonly DemoPerson[];
  /** Received (mail) or start (meetings), ISO. */
  readonly when: string;
  readonly end: string | null;
  readonly location: string | null;
  readonly internetMessageId: string | null;
  readonly isRead: boolean;
}

export interface DemoItemBody {
  readonly body: string;
}

export interface DemoActivityRecord {
  readonly type: "Task" | "Event";
  readonly id: string;
  readonly subject: string;
  /** The contact or lead (WhoId) and what it relates to (WhatId), by name. */
  readonly who: readonly string[];
  readonly what: string | null;
  readonly owner: string | null;
  readonly when: string | null;
  readonly createdDate: string;
  /** The record's key: the idempotency key field (SHA-256 of the Message-ID or the meeting's UID). */
  readonly key: string | null;
}
