/**
 * How the browser apps (the sidebar and the console) call the server: the caller's bearer token, one retry with a fresh
 * token after a 401, and every failure as an ApiError whose message is the server's own (`{error, message}`), written
 * for the person reading it.
 */
import type { ApiError as ApiErrorBody } from "../server/api/contract";

export class ApiError extends Error {
  constructor(
    /** HTTP status; 0 when the server could not be reached. */
    readonly status: number,
    /** The server's error code (e.g. too_soon, not_connected, forbidden), or "network" / "bad_response". */
    readonly code: string,
    message: string,
    /** Seconds, from Retry-After on a 429. */
    readonly retryAfterSeconds: number | null = null,
    /** The whole answer, for the few calls whose errors carry more than a message (the on-premises form's field). */
    readonly body: Readonly<Record<string, unknown>> = {},
  ) {
    super(message);
    this.name = "ApiError";
  }
}

/** The caller's access token for the API scope; `fresh` asks for a new one after the server refused the last. */
export type TokenGetter = (options: { fresh: boolean }) => Promise<string>;

export type Fetch = typeof fetch;

const unreachable = "CRM Sync could not be reached. Check your connection and try again.";

export async function errorFrom(res: Response): Promise<ApiError> {
  let body: Partial<ApiErrorBody> | null = null;
  try {
    body = (await res.json()) as Partial<ApiErrorBody>;
  } catch {
    /* not JSON: a proxy's page, say */
  }
  const retry = Number(res.headers.get("retry-after"));
  return new ApiError(
    res.status,
    typeof body?.error === "string" ? body.error : `http_${res.status}`,
    typeof body?.message === "string" && body.message ? body.message : `CRM Sync answered ${res.status}. Try again in a moment.`,
    Number.isFinite(retry) && retry > 0 ? retry : null,
    body && typeof body === "object" ? (body as Record<string, unknown>) : {},
  );
}

export async function send(fetchFn: Fetch, url: string, init: RequestInit): Promise<Response> {
  try {
    return await fetchFn(url, init);
  } catch (err) {
    // A request the app itself gave up on is not the network's fault: let the caller see the abort.
    if ((err as { name?: string } | null)?.name === "AbortError") throw err;
    throw new ApiError(0, "network", unreachable);
  }
}

export interface CallOptions {
  readonly body?: unknown;
  readonly accept?: string;
  readonly signal?: AbortSignal;
}

export interface AuthorizedCaller {
  /** A JSON call: the parsed answer, undefined for 204. */
  json<T>(method: string, path: string, options?: CallOptions): Promise<T>;
  /** The raw answer of a successful call (a download, say). */
  response(method: string, path: string, options?: CallOptions): Promise<Response>;
}

/** Calls with the caller's token. `client` names the app in the one message that is ours ("sidebar", "console"). */
export function authorizedCaller(getToken: TokenGetter, options: { baseUrl?: string; fetch?: Fetch; client: string }): AuthorizedCaller {
  const baseUrl = options.baseUrl ?? "";
  const fetchFn: Fetch = options.fetch ?? ((input, init) => fetch(input, init));

  async function response(method: string, path: string, call: CallOptions = {}): Promise<Response> {
    const attempt = async (fresh: boolean) => {
      const token = await getToken({ fresh });
      const headers: Record<string, string> = { accept: call.accept ?? "application/json", authorization: `Bearer ${token}` };
      if (call.body !== undefined) headers["content-type"] = "application/json";
      const init: RequestInit = { method, headers, body: call.body === undefined ? undefined : JSON.stringify(call.body) };
      if (call.signal) init.signal = call.signal;
      return send(fetchFn, `${baseUrl}${path}`, init);
    };
    let res = await attempt(false);
    // A token can expire or be revoked between calls: ask once for a fresh one before giving up.
    if (res.status === 401) res = await attempt(true);
    if (!res.ok) throw await errorFrom(res);
    return res;
  }

  return {
    response,
    async json<T>(method: string, path: string, call: CallOptions = {}): Promise<T> {
      const res = await response(method, path, call);
      if (res.status === 204) return undefined as T;
      try {
        return (await res.json()) as T;
      } catch {
        throw new ApiError(res.status, "bad_response", `CRM Sync sent an answer the ${options.client} does not understand. Reload the ${options.client}.`);
      }
    },
  };
}
