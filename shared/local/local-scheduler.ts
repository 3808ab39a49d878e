import { randomUUID } from 'node:crypto';
import type { ScheduledEvent } from 'aws-lambda';
import { deliveryPolicy } from '../events/routing.ts';
import type { Clock } from './clock.ts';
import type { DeadLetters } from './dead-letters.ts';
import { localContext } from './lambda-context.ts';
import type { LocalConsumer } from './local-bus.ts';
import { nextFireTime } from './schedule-expression.ts';

interface Entry {
  name: string;
  expression: string;
  next: Date | undefined;
  fire(event: ScheduledEvent): Promise<unknown>;
  timeoutSeconds: number;
}

/**
 * The local stand-in of EventBridge schedules and EventBridge Scheduler: recurring schedules from
 * the routing table and one-time `at(...)` schedules, on the wall clock (`start`) or on a
 * simulated clock (`runUntil`, used by replay: each occurrence fires at its simulated time).
 */
export class LocalScheduler {
  private readonly entries: Entry[] = [];
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  fired = 0;

  constructor(
    consumers: readonly LocalConsumer[],
    private readonly clock: Clock,
    private readonly deadLetters: DeadLetters,
    /** Runs before each occurrence fires (replay drains the bus, so counts are up to date). */
    private readonly beforeFire: () => Promise<void> = async () => undefined,
  ) {
    for (const { spec, handler } of consumers) {
      if (spec.trigger.kind !== 'schedule') continue;
      this.add(spec.id, spec.trigger.expression, spec.timeoutSeconds, (event) =>
        handler(event as never, localContext(spec.id, spec.timeoutSeconds)),
      );
    }
  }

  /** Adds a schedule (e.g. a publication's one-time `at(...)`); a schedule with the same name is replaced. */
  add(
    name: string,
    expression: string,
    timeoutSeconds: number,
    fire: (event: ScheduledEvent) => Promise<unknown>,
  ): void {
    this.remove(name);
    this.entries.push({
      name,
      expression,
      timeoutSeconds,
      fire,
      next: nextFireTime(expression, this.clock.now()),
    });
  }

  remove(name: string): void {
    const index = this.entries.findIndex((entry) => entry.name === name);
    if (index >= 0) this.entries.splice(index, 1);
  }

  /** Wall-clock mode: checks every second for due occurrences. */
  start(): void {
    this.timer = setInterval(() => {
      this.running ??= this.runUntil(this.clock.now()).finally(() => {
        this.running = undefined;
      });
    }, 1000);
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    await this.running;
  }

  /** Fires every occurrence due up to `time`, in time order. */
  async runUntil(time: Date, advance?: (to: Date) => void): Promise<void> {
    for (;;) {
      const due = this.entries
        .filter((entry) => entry.next && entry.next.getTime() <= time.getTime())
        .sort((a, b) => a.next!.getTime() - b.next!.getTime())[0];
      if (!due) return;
      const fireTime = due.next!;
      advance?.(fireTime);
      await this.beforeFire();
      await this.fireWithRetries(due, fireTime);
      due.next = nextFireTime(due.expression, fireTime);
      // One-time schedules are deleted after they fire; not one the firing replaced under the same name.
      if (!due.next) {
        const index = this.entries.indexOf(due);
        if (index >= 0) this.entries.splice(index, 1);
      }
    }
  }

  private async fireWithRetries(entry: Entry, fireTime: Date): Promise<void> {
    const event: ScheduledEvent = {
      version: '0',
      id: randomUUID(),
      'detail-type': 'Scheduled Event',
      source: 'aws.events',
      account: '000000000000',
      time: fireTime.toISOString(),
      region: 'local',
      resources: [`local:schedule/${entry.name}`],
      detail: {},
    };
    this.fired += 1;
    let lastError: unknown;
    for (let attempt = 0; attempt <= deliveryPolicy.asyncInvokeRetryAttempts; attempt++) {
      try {
        await entry.fire(event);
        return;
      } catch (error) {
        lastError = error;
      }
    }
    await this.deadLetters.add({
      functionId: entry.name,
      reason: (lastError as Error).message,
      attempts: deliveryPolicy.asyncInvokeRetryAttempts + 1,
      event,
      at: fireTime.toISOString(),
    });
  }
}
