/** Starts the scheduler when the server is ready and stops it (waiting for a running scan) on close. */
import fp from 'fastify-plugin';
import { Scheduler, type SchedulerOptions } from '../scheduler.js';
import './types.js';

export const schedulerPlugin = fp<{ options: Omit<SchedulerOptions, 'store' | 'metrics'> | undefined }>(
  async (app, { options }) => {
    const scheduler = options === undefined ? undefined : new Scheduler({ ...options, store: app.store, metrics: app.metrics });
    app.decorate('scheduler', scheduler);
    if (scheduler !== undefined) {
      app.addHook('onReady', async () => scheduler.start());
      app.addHook('preClose', async () => scheduler.stop());
    }
  },
  { name: 'kubefort-scheduler', fastify: '5.x', dependencies: ['kubefort-storage', 'kubefort-metrics'] },
);
