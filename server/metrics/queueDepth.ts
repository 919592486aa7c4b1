/**
 * How much work the dispatch layer holds, for the mailsync_queue_jobs gauge. The dispatch layer that runs this
 * process's syncs provides the probe: the in-process pool today (queued / running); pg-boss's own counts when
 * dispatch moves to it (queued = created + retry, active, failed). `failed` is left out where the dispatcher keeps no
 * failed jobs.
 */
export interface QueueDepth {
  readonly queued: number;
  readonly active: number;
  readonly failed?: number;
}

export type QueueDepthProbe = () => QueueDepth | Promise<QueueDepth>;
