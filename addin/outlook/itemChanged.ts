import { officeGlobal } from "./officeHost";

/** The pane's listeners; Outlook holds one handler for them all (see onItemChanged). */
const listeners = new Set<() => void>();
/** The mailbox object that handler is registered on (a new Office.js, as in tests, needs its own). */
let registeredOn: object | null = null;

function tellAll(): void {
  for (const l of [...listeners]) l();
}

/**
 * A pinned pane stays open while the rep moves from email to email; Outlook tells us with ItemChanged (Mailbox 1.5).
 * Returns a function that stops this listener. Hosts without the event (unpinnable clients) reload the pane instead.
 *
 * One Office handler serves every listener and stays for the page's life: Office's removeHandlerAsync removes all
 * handlers of the event, so a component that stopped listening would silence the others. Registration is
 * asynchronous in Outlook (an item chosen before it completes is announced to no one), so listeners are also called
 * once it completes: each reads the open item again.
 */
export function onItemChanged(handler: () => void): () => void {
  const office = officeGlobal();
  const mailbox = office?.context?.mailbox;
  if (!office || typeof mailbox?.addHandlerAsync !== "function") return () => undefined;
  listeners.add(handler);
  if (registeredOn !== mailbox) {
    registeredOn = mailbox;
    mailbox.addHandlerAsync(office.EventType.ItemChanged, tellAll, (result: Office.AsyncResult<void>) => {
      if (result?.status === office.AsyncResultStatus.Failed && registeredOn === mailbox) registeredOn = null;
      tellAll();
    });
  }
  return () => {
    listeners.delete(handler);
  };
}
