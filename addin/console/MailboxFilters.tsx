import { Button, Dropdown, Field, makeStyles, Option, SearchBox, ToggleButton, tokens } from "@fluentui/react-components";
import { FilterDismissRegular, WarningFilled, WarningRegular } from "@fluentui/react-icons";
import { useEffect, useRef, useState } from "react";
import type { MailboxListQuery } from "../../server/api/consoleContract";
import { attentionReasons } from "../../server/domain/mailboxStatus";
import { accessLabels, providerLabels, reasonLabels, statusLabels, statusOrder } from "./labels";
import { accessKinds, clearFilters, hasFilter, isNeedsAttention, needsAttention, providers, withFilter } from "./mailboxQuery";

/** Typing pauses this long before the list is asked again: one request per word, not per letter. */
export const searchDebounceMs = 300;

const useStyles = makeStyles({
  root: { display: "flex", flexDirection: "column", gap: tokens.spacingVerticalS, marginBottom: tokens.spacingVerticalM },
  // First the search and the quick filters, then the four dropdowns: each row fits 1024 px.
  row: { display: "flex", flexWrap: "wrap", alignItems: "flex-end", gap: tokens.spacingHorizontalM },
  search: { width: "320px", maxWidth: "100%" },
  dropdown: { minWidth: "170px", maxWidth: "220px" },
});

type Choice<K extends string> = { readonly value: K; readonly label: string };

function FilterDropdown<K extends string>({
  label,
  anyLabel,
  value,
  choices,
  onChange,
}: {
  label: string;
  anyLabel: string;
  value: K | undefined;
  choices: readonly Choice<K>[];
  onChange: (value: K | undefined) => void;
}) {
  const styles = useStyles();
  const selected = choices.find((c) => c.value === value);
  return (
    <Field label={label}>
      <Dropdown
        className={styles.dropdown}
        value={selected?.label ?? anyLabel}
        selectedOptions={[value ?? ""]}
        onOptionSelect={(_e, d) => onChange((d.optionValue || undefined) as K | undefined)}
      >
        <Option value="">{anyLabel}</Option>
        {choices.map((c) => (
          <Option key={c.value} value={c.value}>
            {c.label}
          </Option>
        ))}
      </Dropdown>
    </Field>
  );
}

/**
 * The mailbox list's filters: search (debounced), status, reason, provider, access, and the "Needs attention" quick
 * filter. Each change goes to the address (`onChange`), which is what the list reads.
 */
export function MailboxFilters({ query, onChange }: { query: MailboxListQuery; onChange: (next: MailboxListQuery, options?: { replace?: boolean }) => void }) {
  const styles = useStyles();
  const [text, setText] = useState(query.q ?? "");
  const latest = useRef({ query, onChange });
  useEffect(() => {
    latest.current = { query, onChange };
  });

  // The address changed without typing (Back, Clear filters): the box shows what the list is filtered by.
  const shownQ = query.q ?? "";
  useEffect(() => {
    setText((t) => (t.trim() === shownQ ? t : shownQ));
  }, [shownQ]);

  useEffect(() => {
    const q = text.trim();
    if (q === (latest.current.query.q ?? "")) return;
    const timer = setTimeout(() => latest.current.onChange(withFilter(latest.current.query, "q", q || undefined), { replace: true }), searchDebounceMs);
    return () => clearTimeout(timer);
  }, [text]);

  const set = <K extends "status" | "reason" | "provider" | "access">(key: K, value: MailboxListQuery[K] | undefined) => onChange(withFilter(query, key, value));

  return (
    <div className={styles.root} role="search" aria-label="Filter mailboxes">
      <div className={styles.row}>
        <Field label="Search">
          <SearchBox
            className={styles.search}
            placeholder="Address or name"
            value={text}
            onChange={(_e, d) => setText(d.value)}
            onKeyDown={(e) => {
              // Enter searches at once, without waiting for the pause.
              if (e.key === "Enter") onChange(withFilter(query, "q", text.trim() || undefined), { replace: true });
            }}
          />
        </Field>
        <ToggleButton
          icon={isNeedsAttention(query) ? <WarningFilled /> : <WarningRegular />}
          checked={isNeedsAttention(query)}
          onClick={() => onChange(isNeedsAttention(query) ? withFilter(query, "status", undefined) : needsAttention(query))}
        >
          Needs attention
        </ToggleButton>
        <Button appearance="subtle" icon={<FilterDismissRegular />} disabled={!hasFilter(query)} onClick={() => onChange(clearFilters(query))}>
          Clear filters
        </Button>
      </div>
      <div className={styles.row}>
        <FilterDropdown label="Status" anyLabel="Any status" value={query.status} choices={statusOrder.map((s) => ({ value: s, label: statusLabels[s] }))} onChange={(v) => set("status", v)} />
        <FilterDropdown label="Reason" anyLabel="Any reason" value={query.reason} choices={attentionReasons.map((r) => ({ value: r, label: reasonLabels[r] }))} onChange={(v) => set("reason", v)} />
        <FilterDropdown label="Provider" anyLabel="Any provider" value={query.provider} choices={providers.map((p) => ({ value: p, label: providerLabels[p] }))} onChange={(v) => set("provider", v)} />
        <FilterDropdown label="Access" anyLabel="Any access" value={query.access} choices={accessKinds.map((a) => ({ value: a, label: accessLabels[a] }))} onChange={(v) => set("access", v)} />
      </div>
    </div>
  );
}
