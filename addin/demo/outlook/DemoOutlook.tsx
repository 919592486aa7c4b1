import { Button, Link, makeStyles, Select, Switch, tokens } from "@fluentui/react-components";
import { useCallback, useEffect, useMemo, useState } from "react";
import type { DemoFolder, DemoFolderId, DemoItem, DemoRep, DemoWorld } from "../demoContract";
import { demoApi } from "./demoApi";
import { FolderList } from "./FolderList";
import { MessageList } from "./MessageList";
import { OutlookHost, standInItem } from "./outlookHost";
import { ReadingPane } from "./ReadingPane";

const useStyles = makeStyles({
  app: { display: "grid", gridTemplateRows: "48px 1fr", height: "100vh", minWidth: "1100px", backgroundColor: tokens.colorNeutralBackground2 },
  top: { display: "flex", alignItems: "center", gap: "16px", padding: "0 16px", backgroundColor: "#0f6cbd", color: "#ffffff" },
  brand: { fontSize: "16px", fontWeight: 600, margin: 0, marginRight: "auto" },
  topLink: { color: "#ffffff", ":hover": { color: "#ffffff" } },
  picker: { display: "flex", alignItems: "center", gap: "8px" },
  body: { display: "grid", gridTemplateColumns: "190px 330px 1fr 322px", minHeight: 0 },
  pane: { borderLeft: `1px solid ${tokens.colorNeutralStroke2}`, backgroundColor: tokens.colorNeutralBackground1, display: "flex", flexDirection: "column", minHeight: 0 },
  paneTitle: { fontSize: "12px", padding: "6px 10px", color: tokens.colorNeutralForeground3, borderBottom: `1px solid ${tokens.colorNeutralStroke2}`, margin: 0, fontWeight: 400 },
  frame: { border: "none", width: "320px", flex: 1 },
  error: { padding: "16px", color: tokens.colorPaletteRedForeground1 },
});

const host = new OutlookHost();

function initialRep(reps: readonly DemoRep[]): DemoRep | undefined {
  const wanted = new URLSearchParams(location.search).get("rep") ?? localStorage.getItem("demoOutlook.rep");
  return reps.find((r) => r.id === wanted || r.email === wanted) ?? reps[0];
}

/** Outlook on the web, as far as the demo needs it: a rep's folders, messages, the open one, and the real pane beside it. */
export function DemoOutlook() {
  const s = useStyles();
  const [world, setWorld] = useState<DemoWorld | null>(null);
  const [rep, setRep] = useState<DemoRep | null>(null);
  const [dark, setDark] = useState(false);
  const [folders, setFolders] = useState<DemoFolder[]>([]);
  const [folder, setFolder] = useState<DemoFolderId>("inbox");
  const [items, setItems] = useState<DemoItem[]>([]);
  const [open, setOpen] = useState<{ item: DemoItem; body: string } | null>(null);
  const [problem, setProblem] = useState<string | null>(null);

  useEffect(() => {
    demoApi.world().then(
      (w) => {
        setWorld(w);
        setRep(initialRep(w.reps) ?? null);
      },
      (err: Error) => setProblem(err.message),
    );
  }, []);

  const refresh = useCallback(async () => {
    if (!rep) return;
    try {
      const [f, i] = await Promise.all([demoApi.folders(rep.email), demoApi.items(rep.email, folder)]);
      setFolders(f);
      setItems(i);
    } catch (err) {
      setProblem((err as Error).message);
    }
  }, [rep, folder]);

  useEffect(() => {
    void refresh();
    // New customer mail arrives while the demo runs: look again now and then, as Outlook does.
    const timer = setInterval(() => void refresh(), 20_000);
    return () => clearInterval(timer);
  }, [refresh]);

  // The pane's frame is made afresh for each rep and theme (Outlook reloads add-ins on a new sign-in or theme).
  const paneKey = useMemo(() => {
    if (!rep) return null;
    host.select(null);
    host.publish({ email: rep.email, displayName: rep.displayName }, dark ? "dark" : "light");
    return `${rep.email}|${dark ? "dark" : "light"}`;
  }, [rep, dark]);

  const chooseRep = (id: string) => {
    const next = world?.reps.find((r) => r.id === id) ?? null;
    if (next) localStorage.setItem("demoOutlook.rep", next.id);
    setOpen(null);
    setRep(next);
  };

  const openItem = async (item: DemoItem) => {
    if (!rep) return;
    const { body } = await demoApi.body(rep.email, item.id).catch(() => ({ body: "" }));
    setOpen({ item, body });
    host.select(standInItem(item, body));
  };

  const newMail = async () => {
    if (!rep) return;
    await demoApi.arrive(rep.email, "message");
    setFolder("inbox");
    await refresh();
  };

  if (problem) return <p className={s.error} role="alert">{problem}</p>;
  return (
    <div className={s.app}>
      <header className={s.top}>
        <h1 className={s.brand}>Outlook (demo)</h1>
        <div className={s.picker}>
          <label htmlFor="rep-picker">Signed in as</label>
          <Select id="rep-picker" value={rep?.id ?? ""} onChange={(_e, d) => chooseRep(d.value)}>
            {world?.reps.map((r) => (
              <option key={r.id} value={r.id}>
                {r.displayName} ({r.role})
              </option>
            ))}
          </Select>
        </div>
        <Button appearance="secondary" onClick={() => void newMail()}>
          New customer email
        </Button>
        <Switch label={{ children: "Dark mode", style: { color: "#ffffff" } }} checked={dark} onChange={(_e, d) => setDark(d.checked)} />
        <Link className={s.topLink} href="/console.html" target="_blank">
          Console
        </Link>
        <Link className={s.topLink} href="/demo/salesforce" target="_blank">
          Salesforce
        </Link>
      </header>
      <div className={s.body}>
        <FolderList folders={folders} current={folder} onChoose={(f) => setFolder(f)} />
        <MessageList items={items} folderName={folders.find((f) => f.id === folder)?.name ?? "Inbox"} selectedId={open?.item.id ?? null} onOpen={(i) => void openItem(i)} />
        <ReadingPane open={open} />
        <section className={s.pane} aria-label="CRM Sync add-in">
          <h2 className={s.paneTitle}>CRM Sync</h2>
          {paneKey && <iframe key={paneKey} className={s.frame} title="CRM Sync task pane" src="/taskpane.html" />}
        </section>
      </div>
    </div>
  );
}
