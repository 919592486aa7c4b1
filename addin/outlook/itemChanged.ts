import { officeGlobal } from "./officeHost";

/**
 * A pinned pane stays open while the rep moves from email to email; Outlook tells us with ItemChanged (Mailbox 1.5).
 * Returns a function that stops listening. Hosts without the event (unpinnable clients) reload the pane instead.
 */
export function onItemChanged(handler: () => void): () => void {
  const office = officeGlobal();
  const mailbox = office?.context?.mailbox;
  if (!office || typeof mailbox?.addHandlerAsync !== "function") return () => undefined;
  let active = true;
  const listener = () => {
    if (active) handler();
  };
  mailbox.addHandlerAsync(office.EventType.ItemChanged, listener);
  return () => {
    active = false;
    if (typeof mailbox.removeHandlerAsync === "function") mailbox.removeHandlerAsync(office.EventType.ItemChanged);
  };
}
