/** Decorates the instance with the store; closes it with the server when the server owns it. */
import fp from 'fastify-plugin';
import type { Store } from '../storage/store.js';
import './types.js';

export const storagePlugin = fp<{ store: Store; owned: boolean }>(
  async (app, { store, owned }) => {
    app.decorate('store', store);
    if (owned) app.addHook('onClose', async () => store.close());
  },
  { name: 'kubefort-storage', fastify: '5.x' },
);
