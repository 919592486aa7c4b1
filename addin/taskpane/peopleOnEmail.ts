import type { PersonView } from "../api";
import type { MailAddress, OpenEmail } from "../outlook/openEmail";

/** Everyone on the email except the rep, sender first, each address once. */
export function addressesOn(email: OpenEmail, ownAddress: string | null): MailAddress[] {
  const seen = new Set<string>(ownAddress ? [ownAddress.toLowerCase()] : []);
  const out: MailAddress[] = [];
  for (const a of [...(email.from ? [email.from] : []), ...email.to, ...email.cc]) {
    if (seen.has(a.email)) continue;
    seen.add(a.email);
    out.push(a);
  }
  return out;
}

export interface PersonLine {
  readonly email: string;
  /** The name Outlook shows for the address, when it has one. */
  readonly displayName: string | null;
  readonly person: PersonView;
}

/** Joins the server's answer to the names on the email, split into customers (shown) and colleagues (collapsed). */
export function splitPeople(onEmail: readonly MailAddress[], people: readonly PersonView[]): { external: PersonLine[]; internal: PersonLine[] } {
  const byEmail = new Map(people.map((p) => [p.email.toLowerCase(), p]));
  const lines = onEmail.map((a): PersonLine => ({ email: a.email, displayName: a.name, person: byEmail.get(a.email) ?? { email: a.email, internal: false, crm: null } }));
  return { external: lines.filter((l) => !l.person.internal), internal: lines.filter((l) => l.person.internal) };
}

/** A first guess for "Add as lead": names from Outlook's display name, the company from the domain. */
export function leadGuess(line: Pick<PersonLine, "email" | "displayName">): { firstName: string; lastName: string; company: string } {
  const name = (line.displayName ?? "").replace(/\s*\(.*?\)\s*/g, " ").trim();
  let firstName = "";
  let lastName = "";
  if (name.includes(",")) {
    // "Lastname, Firstname", as many directories write it.
    const [last, first] = name.split(",", 2);
    lastName = (last ?? "").trim();
    firstName = (first ?? "").trim();
  } else if (name) {
    const parts = name.split(/\s+/);
    lastName = parts.length > 1 ? (parts.pop() ?? "") : "";
    firstName = parts.join(" ");
    if (!lastName) [firstName, lastName] = ["", firstName];
  }
  const labels = (line.email.split("@")[1] ?? "").split(".");
  // litware.com -> Litware; litware.co.uk -> Litware (a short second level such as co, com, ac is not the company).
  const secondLevel = labels.length >= 3 && (labels[labels.length - 2] ?? "").length <= 3;
  const label = labels[labels.length - (secondLevel ? 3 : 2)] ?? "";
  const company = label ? label.charAt(0).toUpperCase() + label.slice(1) : "";
  return { firstName, lastName, company };
}
