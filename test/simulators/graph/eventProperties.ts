/** What $select may name on an event, and the date-time form calendar windows are given in. */
import { GraphError } from "./errors";

export const EVENT_PROPERTIES = new Set([
  "id", "createdDateTime", "lastModifiedDateTime", "changeKey", "categories", "transactionId", "originalStartTimeZone", "originalEndTimeZone",
  "iCalUId", "reminderMinutesBeforeStart", "isReminderOn", "hasAttachments", "subject", "bodyPreview", "importance", "sensitivity", "isAllDay",
  "isCancelled", "isOrganizer", "responseRequested", "seriesMasterId", "showAs", "type", "webLink", "onlineMeetingUrl", "onlineMeeting", "originalStart", "isOnlineMeeting",
  "onlineMeetingProvider", "allowNewTimeProposals", "isDraft", "hideAttendees", "responseStatus", "body", "start", "end", "location",
  "locations", "recurrence", "attendees", "organizer",
]);

/** ISO 8601 with or without zone (`2015-11-08T19:00:00.0000000` is UTC when no Prefer: outlook.timezone is sent). */
export function parseGraphDate(raw: string, name: string): number {
  const m = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2})?)(\.\d+)?(Z|[+-]\d{2}:\d{2})?$/.exec(raw.trim());
  const ms = m ? Date.parse(`${m[1]}${m[2] ? m[2].slice(0, 4) : ""}${m[3] ?? "Z"}`) : NaN;
  if (Number.isNaN(ms)) throw new GraphError(400, "ErrorInvalidParameter", `The value '${raw}' of parameter '${name}' is not a valid date and time.`);
  return ms;
}
