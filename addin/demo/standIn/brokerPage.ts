/**
 * /demo/broker.html: where Entra ID sends the demo broker's sign-in back (tokenBroker.ts). It hands the answer's query
 * (code and state, or error) to the window that opened it, on the same origin only, and closes.
 */
import { brokerMessageTag } from "./tokenBroker";

const opener = window.opener as Window | null;
if (opener) {
  opener.postMessage({ tag: brokerMessageTag, search: location.search }, location.origin);
} else {
  document.body.textContent = "This page finishes a sign-in for the demo Outlook; you can close it.";
}
