/** The local stack's time: the wall clock for `vigie start`, a simulated one for `vigie replay`. */
export interface Clock {
  now(): Date;
}

export const wallClock: Clock = { now: () => new Date() };

export class SimulatedClock implements Clock {
  private current: number;

  constructor(start: Date) {
    this.current = start.getTime();
  }

  now(): Date {
    return new Date(this.current);
  }

  /** Time only moves forward. */
  advanceTo(time: Date): void {
    this.current = Math.max(this.current, time.getTime());
  }
}
