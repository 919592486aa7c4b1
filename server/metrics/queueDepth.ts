/**
 * How much work the dispatch layer holds, for the mailsync_queue_jobs gauge: pg-boss's own counts of the turns queue,
 * fleet-wide (queued = created + retry, active, failed for good). `failed` is optional for probes that keep no failed jobs.
 */
export interface QueueDepth {
  readonly queued: number;
  readonly active: number;
  readonly failed?: number;
}

export type QueueDepthProbe = () => QueueDepth | Promise<QueueDepth>;
