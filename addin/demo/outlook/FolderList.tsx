import { makeStyles, tokens } from "@fluentui/react-components";
import type { DemoFolder, DemoFolderId } from "../demoContract";

const useStyles = makeStyles({
  nav: { padding: "8px 0", borderRight: `1px solid ${tokens.colorNeutralStroke2}`, overflowY: "auto" },
  list: { listStyle: "none", margin: 0, padding: 0 },
  button: {
    display: "flex", justifyContent: "space-between", width: "100%", padding: "8px 16px", border: "none", background: "none",
    fontSize: "14px", cursor: "pointer", color: tokens.colorNeutralForeground1, textAlign: "left",
    ":hover": { backgroundColor: tokens.colorNeutralBackground2Hover },
  },
  current: { backgroundColor: tokens.colorBrandBackground2, fontWeight: 600 },
  count: { color: tokens.colorBrandForeground1, fontWeight: 600 },
});

export function FolderList({ folders, current, onChoose }: { folders: readonly DemoFolder[]; current: DemoFolderId; onChoose: (f: DemoFolderId) => void }) {
  const s = useStyles();
  return (
    <nav className={s.nav} aria-label="Folders">
      <ul className={s.list}>
        {folders.map((f) => (
          <li key={f.id}>
            <button type="button" className={`${s.button} ${f.id === current ? s.current : ""}`} aria-current={f.id === current ? "page" : undefined} onClick={() => onChoose(f.id)}>
              <span>{f.name}</span>
              {f.unread > 0 && <span className={s.count}>{f.unread}</span>}
            </button>
          </li>
        ))}
      </ul>
    </nav>
  );
}
