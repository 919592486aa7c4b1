import { makeStyles, tokens } from "@fluentui/react-components";
import type { DemoItem } from "../demoContract";
import { listDate } from "./when";

const useStyles = makeStyles({
  list: { borderRight: `1px solid ${tokens.colorNeutralStroke2}`, overflowY: "auto", backgroundColor: tokens.colorNeutralBackground1, margin: 0, padding: 0, listStyle: "none" },
  heading: { fontSize: "16px", fontWeight: 600, padding: "12px 16px 8px", margin: 0 },
  row: {
    display: "grid", gridTemplateColumns: "1fr auto", gap: "2px 8px", width: "100%", padding: "10px 16px", border: "none",
    borderBottom: `1px solid ${tokens.colorNeutralStroke3}`, background: "none", textAlign: "left", cursor: "pointer", fontSize: "13px",
    color: tokens.colorNeutralForeground1, ":hover": { backgroundColor: tokens.colorNeutralBackground1Hover },
  },
  selected: { backgroundColor: tokens.colorBrandBackground2, ":hover": { backgroundColor: tokens.colorBrandBackground2Hover } },
  unread: { fontWeight: 600, borderLeft: `3px solid ${tokens.colorBrandStroke1}` },
  who: { overflow: "hidden", textOverflow: "ellipsis", whiteSpace: "nowrap" },
  subject: { gridColumn: "1 / 3", overflow: "hidden", textOverflow: "ellipsis", whiteSpace: "nowrap", color: tokens.colorNeutralForeground2 },
  date: { color: tokens.colorNeutralForeground3, fontSize: "12px" },
  empty: { padding: "16px", color: tokens.colorNeutralForeground3 },
});

export function MessageList({ items, folderName, selectedId, onOpen }: { items: readonly DemoItem[]; folderName: string; selectedId: string | null; onOpen: (i: DemoItem) => void }) {
  const s = useStyles();
  return (
    <section className={s.list} aria-label="Message list">
      <h2 className={s.heading}>{folderName}</h2>
      {items.length === 0 && <p className={s.empty}>Nothing here.</p>}
      <ul style={{ listStyle: "none", margin: 0, padding: 0 }}>
        {items.map((i) => (
          <li key={i.id}>
            <button
              type="button"
              className={`${s.row} ${i.id === selectedId ? s.selected : ""} ${i.isRead ? "" : s.unread}`}
              aria-current={i.id === selectedId ? "true" : undefined}
              onClick={() => onOpen(i)}
            >
              <span className={s.who}>{i.from?.name ?? i.from?.email ?? "(no sender)"}</span>
              <span className={s.date}>{listDate(i.when)}</span>
              <span className={s.subject}>{i.subject || "(no subject)"}</span>
            </button>
          </li>
        ))}
      </ul>
    </section>
  );
}
