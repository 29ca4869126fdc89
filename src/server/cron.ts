/** Cron schedules (5 fields, UTC) through croner: parse once, ask for the next time after a date. */
import { Cron } from 'croner';

export interface Schedule {
  /** The first run strictly after `from`. */
  next(from: Date): Date;
}

export function parseCron(expression: string): Schedule {
  if (expression.trim().split(/\s+/).length !== 5) throw new Error(`"${expression}" is not a 5-field cron expression`);
  const cron = new Cron(expression, { paused: true, timezone: 'UTC' });
  return {
    next(from: Date): Date {
      const next = cron.nextRun(from);
      if (next === null) throw new Error(`"${expression}" never runs again`);
      return next;
    },
  };
}
