import { createTask } from "node-cron";
import type { ScheduledTask } from "node-cron";

/**
 * A job this process runs on a cron `expression` (node-cron) between `start()` and `stop()`. A run that outlasts its
 * interval is not overlapped by the next (`noOverlap`), and starting twice schedules it once, so the server's start-up
 * can call `start()` without tracking what it already started.
 */
export class CronTask {
  private task: ScheduledTask | null = null;

  constructor(
    private readonly expression: string,
    /** How node-cron names the task (in its own logs and `getTasks()`). */
    private readonly name: string,
    private readonly run: () => Promise<unknown>,
  ) {}

  start(): void {
    if (this.task) return;
    this.task = createTask(this.expression, () => this.run(), { name: this.name, noOverlap: true });
    void this.task.start();
  }

  async stop(): Promise<void> {
    await this.task?.destroy();
    this.task = null;
  }
}
