import type { Notice } from "./notice";
import { NoticeBar } from "./NoticeBar";

/**
 * The pane's announcements. Both live regions are always in the page (a region added together with its text is not
 * announced reliably); errors go to the assertive one. The bar is part of the first bundle on purpose: loaded lazily,
 * its placeholder text would be announced first and the bar's again.
 */
export function NoticeArea({ notice, onDismiss }: { notice: Notice | null; onDismiss: () => void }) {
  const bar = notice && <NoticeBar notice={notice} onDismiss={onDismiss} />;
  return (
    <>
      <div role="alert">{notice?.intent === "error" ? bar : null}</div>
      <div role="status">{notice && notice.intent !== "error" ? bar : null}</div>
    </>
  );
}
