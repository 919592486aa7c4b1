/**
 * Outlook's meeting identifiers ([MS-OXOCAL] 2.2.1.27 PidLidGlobalObjectId, 2.2.1.28 PidLidCleanGlobalObjectId): a
 * byte array whose bytes 16-19 hold an instance's original date (year high, year low, month, day) in the Global Object
 * ID of one occurrence, and zeros in the Clean Global Object ID that names the whole series. Graph's `iCalUId` of an
 * occurrence is the former, "different for each occurrence" (resources/event.md); EWS's `UID` of a recurring series is
 * the latter, which Graph also shows as the series master's `iCalUId`.
 */
const prefix = /^040000008200E00074C5B7101A82E008/i;

/** The series' UID an occurrence's iCalUId belongs to; null for a single meeting, a series master, or any other form. */
export function seriesUidOf(iCalUId: string | null): string | null {
  if (!iCalUId || !prefix.test(iCalUId) || iCalUId.length < 40 || !/^[0-9a-f]+$/i.test(iCalUId)) return null;
  const date = iCalUId.slice(32, 40);
  if (/^0+$/.test(date)) return null;
  return `${iCalUId.slice(0, 32)}00000000${iCalUId.slice(40)}`.toUpperCase();
}
