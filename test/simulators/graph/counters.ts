/** What the fleet and budget tests read: HTTP requests, $batch calls, and Graph calls per mailbox by operation. */
import type { GraphOperation } from "./operations";

export class GraphCounters {
  httpRequests = 0;
  batches = 0;
  private readonly byMailbox = new Map<string, Partial<Record<GraphOperation, number>>>();

  count(mailbox: string, operation: GraphOperation): void {
    const entry = this.byMailbox.get(mailbox) ?? {};
    entry[operation] = (entry[operation] ?? 0) + 1;
    this.byMailbox.set(mailbox, entry);
  }

  forMailbox(mailbox: string): Partial<Record<GraphOperation, number>> {
    return { ...this.byMailbox.get(mailbox.toLowerCase()) };
  }

  reset(): void {
    this.httpRequests = 0;
    this.batches = 0;
    this.byMailbox.clear();
  }
}
