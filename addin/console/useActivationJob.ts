import { useEffect, useState } from "react";
import type { ActivationJobView } from "../../server/api/consoleContract";
import { ApiError } from "../apiHttp";
import type { ConsoleApi } from "./consoleApi";
import { pollIntervalMs } from "./activationProgress";
import { messageOf } from "./useResource";

/** After a failed poll the page waits longer before asking again, so a struggling server is not hammered. */
const retryAfterErrorMs = 2_000;

/**
 * An activation job, asked for every half second until the server says it is done. A failed poll is shown (the last
 * progress stays) and tried again; leaving the page stops the polling.
 */
export function useActivationJob(api: ConsoleApi, id: string): { job: ActivationJobView | null; error: string | null } {
  const [state, setState] = useState<{ id: string; job: ActivationJobView | null; error: string | null }>({ id, job: null, error: null });
  useEffect(() => {
    let stopped = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const poll = async () => {
      let delay = pollIntervalMs;
      try {
        const job = await api.activation(id);
        if (stopped) return;
        setState({ id, job, error: null });
        if (job.status === "done") return;
      } catch (err) {
        if (stopped) return;
        setState((s) => ({ id, job: s.id === id ? s.job : null, error: messageOf(err) }));
        // The server refused outright (no such job, no longer allowed): asking again would get the same answer.
        if (err instanceof ApiError && err.status >= 400 && err.status < 500 && err.status !== 429) return;
        delay = retryAfterErrorMs;
      }
      timer = setTimeout(() => void poll(), delay);
    };
    void poll();
    return () => {
      stopped = true;
      clearTimeout(timer);
    };
  }, [api, id]);
  return state.id === id ? { job: state.job, error: state.error } : { job: null, error: null };
}
