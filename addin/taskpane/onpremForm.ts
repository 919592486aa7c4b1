import { ApiError } from "../api";

/** The on-premises form's fields the server can name in a refusal. */
export type OnpremField = "email" | "password" | "ewsUrl" | "username";

const fields: readonly OnpremField[] = ["email", "password", "ewsUrl", "username"];
const isField = (v: unknown): v is OnpremField => typeof v === "string" && (fields as readonly string[]).includes(v);

/** Why "Test and save" did not save, as the form shows it. */
export interface OnpremFormProblem {
  /** The field to mark (null: the problem is not one field's). */
  readonly field: OnpremField | null;
  readonly message: string;
  /** The automatic way failed or the server needs another sign-in name: show the EWS URL and DOMAIN\username fields. */
  readonly askServerFields: boolean;
  /** Autodiscover was sent to this host outside the address's domain: the rep may confirm it is theirs. */
  readonly unconfirmedHost: string | null;
  /** Where the automatic way looked, each "place: what it answered", for the rep to pass on to IT. */
  readonly tried: readonly string[];
}

/**
 * The server's refusal of the form, or null for an error that is not the form's (network, sign-in): a 422 names the
 * field that would help, a 400 names the field that is malformed (in `field`, or as the message's "field: " prefix).
 */
export function onpremProblemFrom(err: unknown): OnpremFormProblem | null {
  if (!(err instanceof ApiError) || ![400, 403, 422].includes(err.status)) return null;
  const named = err.body.field ?? /^(\w+):/.exec(err.message)?.[1];
  const field = isField(named) ? named : null;
  const host = err.body.unconfirmedHost;
  return {
    field,
    message: err.message,
    askServerFields: err.status === 422 && (err.code === "not_found" || field === "username" || field === "ewsUrl"),
    unconfirmedHost: typeof host === "string" && host ? host : null,
    tried: Array.isArray(err.body.tried) ? err.body.tried.flatMap(triedLine) : [],
  };
}

function triedLine(step: unknown): string[] {
  if (typeof step !== "object" || step === null) return [];
  const { at, result } = step as { at?: unknown; result?: unknown };
  return typeof at === "string" && typeof result === "string" ? [`${at}: ${result}`] : [];
}
