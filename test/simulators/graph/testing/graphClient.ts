/** Plain HTTP calls to the Graph face for tests that look at the wire answer, and a delta-round follower. */
export const GRAPH_AUDIENCE = "https://graph.microsoft.com";

export interface GraphAnswer {
  readonly status: number;
  readonly headers: Headers;
  readonly json: Record<string, unknown> | undefined;
}

export async function graphCall(url: string, token: string, init: { method?: string; headers?: Record<string, string>; body?: unknown } = {}): Promise<GraphAnswer> {
  const res = await fetch(url, {
    method: init.method ?? "GET",
    headers: { authorization: `Bearer ${token}`, ...(init.body !== undefined ? { "content-type": "application/json" } : {}), ...init.headers },
    body: init.body === undefined ? undefined : JSON.stringify(init.body),
  });
  const text = await res.text();
  return { status: res.status, headers: res.headers, json: text ? (JSON.parse(text) as Record<string, unknown>) : undefined };
}

export interface DeltaRound {
  readonly pages: readonly Record<string, unknown>[];
  readonly items: readonly Record<string, unknown>[];
  readonly deltaLink: string;
}

/** Follows nextLinks from `url` until a deltaLink; fails on any non-200 page. */
export async function deltaRound(url: string, token: string, headers: Record<string, string> = {}): Promise<DeltaRound> {
  const pages: Record<string, unknown>[] = [];
  let next: string | undefined = url;
  for (let i = 0; next && i < 10_000; i++) {
    const page = await graphCall(next, token, { headers });
    if (page.status !== 200 || !page.json) throw new Error(`delta page ${i} answered ${page.status}: ${JSON.stringify(page.json)}`);
    pages.push(page.json);
    const deltaLink = page.json["@odata.deltaLink"];
    if (typeof deltaLink === "string") return { pages, items: pages.flatMap((p) => p.value as Record<string, unknown>[]), deltaLink };
    next = page.json["@odata.nextLink"] as string | undefined;
  }
  throw new Error("delta round did not end with a deltaLink");
}

export const removedIds = (items: readonly Record<string, unknown>[]): string[] => items.filter((i) => "@removed" in i).map((i) => i.id as string);
export const liveItems = (items: readonly Record<string, unknown>[]) => items.filter((i) => !("@removed" in i));
