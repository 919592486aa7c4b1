import { useCallback, useEffect, useRef, useState } from "react";
import { ApiError } from "../apiHttp";

export interface Resource<T> {
  /** The latest answer for this key, or (while a new key loads) the previous key's: a list never blanks between pages. */
  readonly data: T | null;
  /** The data shown belongs to an earlier key; the new one is on its way. */
  readonly stale: boolean;
  readonly loading: boolean;
  /** The server's message when the last load failed. */
  readonly error: string | null;
  reload(): void;
}

/** A small cache of answers by key (most recent last), so going back to a page is instant. */
export class AnswerCache<T> {
  private readonly entries = new Map<string, T>();
  constructor(private readonly limit = 30) {}
  get(key: string): T | undefined {
    return this.entries.get(key);
  }
  set(key: string, value: T): void {
    this.entries.delete(key);
    this.entries.set(key, value);
    while (this.entries.size > this.limit) {
      const oldest = this.entries.keys().next().value;
      if (oldest === undefined) break;
      this.entries.delete(oldest);
    }
  }
  clear(): void {
    this.entries.clear();
  }
}

export function messageOf(err: unknown): string {
  if (err instanceof ApiError) return err.message;
  return "Something went wrong in the console. Reload the page; if it keeps happening, contact support.";
}

/**
 * Loads `load()` whenever `key` changes (and on reload()). An answer for a key that is no longer current is dropped,
 * and its request aborted, so a fast typist never sees an older search's result land last. With a cache, a key seen
 * before shows its last answer at once while it is asked again.
 */
export function useResource<T>(key: string | null, load: (signal: AbortSignal) => Promise<T>, cache?: AnswerCache<T>): Resource<T> {
  const loadRef = useRef(load);
  useEffect(() => {
    loadRef.current = load;
  });
  const [state, setState] = useState<{ dataKey: string | null; data: T | null; error: string | null; loading: boolean }>(() => {
    const cached = key !== null ? cache?.get(key) : undefined;
    return { dataKey: cached !== undefined ? key : null, data: cached ?? null, error: null, loading: key !== null };
  });
  const [generation, setGeneration] = useState(0);

  useEffect(() => {
    if (key === null) return;
    const controller = new AbortController();
    const cached = cache?.get(key);
    setState((s) => (cached !== undefined ? { dataKey: key, data: cached, error: null, loading: true } : { ...s, error: null, loading: true }));
    loadRef.current(controller.signal).then(
      (data) => {
        if (controller.signal.aborted) return;
        cache?.set(key, data);
        setState({ dataKey: key, data, error: null, loading: false });
      },
      (err: unknown) => {
        if (controller.signal.aborted) return;
        setState((s) => ({ ...s, error: messageOf(err), loading: false }));
      },
    );
    return () => controller.abort();
  }, [key, generation, cache]);

  const reload = useCallback(() => setGeneration((g) => g + 1), []);
  return { data: state.data, stale: state.data !== null && state.dataKey !== key, loading: state.loading, error: state.error, reload };
}
