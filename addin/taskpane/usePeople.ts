import { useCallback, useEffect, useMemo, useState } from "react";
import type { Api, PeopleResponse, PersonView } from "../api";
import type { MailAddress, OpenEmail } from "../outlook/openEmail";
import type { UnavailableCrm } from "./crmUnavailable";
import { crmUnavailableFrom } from "./crmUnavailable";
import { addressesOn } from "./peopleOnEmail";

export type PeopleState =
  | { readonly kind: "loading" }
  | { readonly kind: "loaded"; readonly data: PeopleResponse }
  | { readonly kind: "failed"; readonly message: string }
  /** The organisation's Salesforce is not there: who must act, not an error. */
  | { readonly kind: "crmUnavailable"; readonly crm: UnavailableCrm };

/** Who is on the open email, looked up in the CRM once per email; Add as lead updates the answer in place. */
export function usePeople(
  api: Api,
  email: OpenEmail,
  ownAddress: string | null,
  messageFor: (err: unknown) => string | null,
): { onEmail: MailAddress[]; people: PeopleState; added: (p: PersonView) => void } {
  const onEmail = useMemo(() => addressesOn(email, ownAddress), [email, ownAddress]);
  const [people, setPeople] = useState<PeopleState>({ kind: "loading" });

  useEffect(() => {
    let current = true;
    setPeople({ kind: "loading" });
    if (onEmail.length === 0) {
      setPeople({ kind: "loaded", data: { crmConnected: true, people: [] } });
      return;
    }
    api.people(onEmail.map((a) => a.email)).then(
      (data) => current && setPeople({ kind: "loaded", data }),
      (err: unknown) => {
        if (!current) return;
        const message = messageFor(err) ?? "";
        const crm = crmUnavailableFrom(err);
        setPeople(crm ? { kind: "crmUnavailable", crm } : { kind: "failed", message });
      },
    );
    return () => {
      current = false;
    };
  }, [api, onEmail, messageFor]);

  const added = useCallback(
    (p: PersonView) =>
      setPeople((s) => (s.kind === "loaded" ? { kind: "loaded", data: { ...s.data, people: [...s.data.people.filter((x) => x.email !== p.email), p] } } : s)),
    [],
  );
  return { onEmail, people, added };
}
