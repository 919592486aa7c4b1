import { resyncNote } from "../../../../addin/console/resyncNote";
import { MailboxError } from "../../../../server/mailbox/mailboxError";
import { resyncOf } from "../../../../server/sync/runStats";

describe("why a folder was resynced, as the run history says it", () => {
  it("a service's refusal keeps its answer; our own refusal of a cursor says it was never sent", () => {
    const graph = new MailboxError("invalid_cursor", "Graph no longer accepts the saved delta link", { raw: "SyncStateNotFound (HTTP 410): The sync state generation is not found." });
    expect(resyncOf("inbox", graph)).toEqual({ folder: "inbox", reason: "sync_state_rejected", detail: { message: "Graph no longer accepts the saved delta link", answer: "SyncStateNotFound (HTTP 410): The sync state generation is not found." } });
    const ours = new MailboxError("invalid_cursor", "the saved cursor is not a Graph link of this server");
    expect(resyncOf("calendar", ours)).toEqual({ folder: "calendar", reason: "cursor_unusable", detail: { message: "the saved cursor is not a Graph link of this server" } });
    // A long answer (a proxy's HTML page) is cut, so one run record stays small.
    const long = new MailboxError("invalid_cursor", "Graph no longer accepts the saved delta link", { raw: `Error (HTTP 410): ${"x".repeat(5_000)}` });
    expect(resyncOf("inbox", long).detail?.answer).toHaveLength(300);
  });

  it("names each folder with its reason; runs recorded before the words were kept fall back on the reason code", () => {
    const note = resyncNote({
      alreadyLogged: 1,
      resyncs: [
        resyncOf("inbox", new MailboxError("invalid_cursor", "Graph no longer accepts the saved delta link", { raw: "SyncStateNotFound (HTTP 410): The sync state generation is not found." })),
        resyncOf("calendar", new MailboxError("invalid_cursor", "the saved calendar cursor is not a Graph calendar cursor")),
      ],
    });
    expect(note).toBe(
      "Resynced from the start: Inbox, because Graph no longer accepts the saved delta link (the answer: SyncStateNotFound (HTTP 410): The sync state generation is not found); " +
        "Calendar, because the saved calendar cursor is not a Graph calendar cursor. 1 item was logged already and is not counted again.",
    );
    expect(resyncNote({ alreadyLogged: 600, resyncs: [{ folder: "sentitems", reason: "sync_state_rejected" }] })).toBe(
      "Resynced from the start: Sent Items, because the mail server no longer accepted the saved sync position. 600 items were logged already and are not counted again.",
    );
    expect(resyncNote({ alreadyLogged: 0, resyncs: [] })).toBeNull();
  });
});
