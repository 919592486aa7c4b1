import { makeStyles, tokens } from "@fluentui/react-components";
import type { DemoItem, DemoPerson } from "../demoContract";
import { fullDate } from "./when";

const useStyles = makeStyles({
  pane: { overflowY: "auto", padding: "20px 24px", backgroundColor: tokens.colorNeutralBackground1, minWidth: 0 },
  subject: { fontSize: "20px", fontWeight: 600, margin: "0 0 12px" },
  meta: { color: tokens.colorNeutralForeground2, fontSize: "13px", margin: "0 0 4px" },
  body: { whiteSpace: "pre-wrap", fontFamily: "inherit", fontSize: "14px", marginTop: "16px", borderTop: `1px solid ${tokens.colorNeutralStroke2}`, paddingTop: "16px" },
  empty: { color: tokens.colorNeutralForeground3, marginTop: "40px", textAlign: "center" },
});

const people = (list: readonly DemoPerson[]) => list.map((p) => `${p.name} <${p.email}>`).join("; ");

export function ReadingPane({ open }: { open: { item: DemoItem; body: string } | null }) {
  const s = useStyles();
  if (!open) {
    return (
      <main className={s.pane} aria-label="Reading pane">
        <p className={s.empty}>Select an item to read it. The CRM Sync pane on the right follows the open email.</p>
      </main>
    );
  }
  const { item, body } = open;
  return (
    <main className={s.pane} aria-label="Reading pane">
      <h2 className={s.subject}>{item.subject || "(no subject)"}</h2>
      {item.from && <p className={s.meta}>{item.kind === "meeting" ? "Organizer" : "From"}: {item.from.name} &lt;{item.from.email}&gt;</p>}
      {item.to.length > 0 && <p className={s.meta}>{item.kind === "meeting" ? "Attendees" : "To"}: {people(item.to)}</p>}
      {item.cc.length > 0 && <p className={s.meta}>Cc: {people(item.cc)}</p>}
      <p className={s.meta}>{fullDate(item.when)}{item.location ? ` · ${item.location}` : ""}</p>
      <pre className={s.body}>{body}</pre>
    </main>
  );
}
