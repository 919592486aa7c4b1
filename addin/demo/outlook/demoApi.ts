import type { DemoFolder, DemoFolderId, DemoItem, DemoItemBody, DemoWorld } from "../demoContract";

async function json<T>(res: Response): Promise<T> {
  if (!res.ok) {
    const problem = (await res.json().catch(() => null)) as { message?: string } | null;
    throw new Error(problem?.message ?? `The demo server answered ${res.status}.`);
  }
  return (await res.json()) as T;
}

const mailbox = (email: string) => `/demo/api/mailboxes/${encodeURIComponent(email)}`;

/** The demo's own routes (scripts/demo/demoRouter.ts): the simulated mailboxes, and new mail on demand. */
export const demoApi = {
  world: () => fetch("/demo/api/world").then((r) => json<DemoWorld>(r)),
  folders: (email: string) => fetch(`${mailbox(email)}/folders`).then((r) => json<DemoFolder[]>(r)),
  items: (email: string, folder: DemoFolderId) => fetch(`${mailbox(email)}/folders/${folder}/items`).then((r) => json<DemoItem[]>(r)),
  body: (email: string, id: string) => fetch(`${mailbox(email)}/items/${encodeURIComponent(id)}/body`).then((r) => json<DemoItemBody>(r)),
  arrive: (email: string, kind: "message" | "meeting") =>
    fetch(`${mailbox(email)}/arrivals`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ kind }) }).then((r) => json<unknown>(r)),
};
