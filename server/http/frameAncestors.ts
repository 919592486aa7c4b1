/**
 * Who may frame our pages by default: Outlook on the web (outlook.office.com, outlook.office365.com, outlook.live.com
 * and the regional *.outlook.com hosts), and new Outlook for Windows and Outlook on the web on Microsoft's
 * cloud.microsoft domain (outlook.cloud.microsoft). Classic desktop Outlook and Outlook on Mac load the pane as a
 * top-level web view, which frame-ancestors does not restrict. FRAME_ANCESTORS replaces the list.
 */
export const outlookFrameAncestors: readonly string[] = [
  "https://outlook.office.com",
  "https://outlook.office365.com",
  "https://outlook.live.com",
  "https://*.outlook.com",
  "https://outlook.cloud.microsoft",
];

/**
 * A source frame-ancestors takes from us: an origin, scheme and host (a leading "*." for subdomains) and an optional
 * port, nothing else — no path, no keyword, no bare "*" (which would let any site frame the pane).
 */
export function isFrameAncestor(value: string): boolean {
  return /^https?:\/\/(\*\.)?[a-z0-9-]+(\.[a-z0-9-]+)*(:\d{1,5})?$/i.test(value);
}
