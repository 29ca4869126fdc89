/**
 * The `-n` warnings of a live scan, without a cluster: what counts as a missing or empty
 * namespace, and the fallback when kubefort may not list namespaces. The same on a real
 * API server: test/cluster/scan-namespace.test.ts.
 */
import { describe, expect, it } from 'vitest';
import type { InventoryGap } from '../../src/core/inventory.js';
import { liveResource, type KubeObject } from '../../src/core/resource.js';
import { namespaceWarnings } from '../../src/sources/cluster.js';
import { SCAN_TYPES } from '../../src/sources/cluster-types.js';

const object = (apiVersion: string, kind: string, name: string, namespace?: string) => liveResource({ apiVersion, kind, metadata: { name, ...(namespace === undefined ? {} : { namespace }) } } as unknown as KubeObject, 'ctx');
const ns = (name: string) => object('v1', 'Namespace', name);
const noGet = { get: () => Promise.reject(new Error('no request expected')) };
const answering = (status: number) => ({ get: (path: string) => (path === '/api/v1/namespaces/shop' ? Promise.resolve({ status, body: '{}' }) : Promise.reject(new Error(path))) });
const codes = async (p: Promise<{ code: string }[]>) => (await p).map((w) => w.code);

describe('namespaceWarnings', () => {
  it('a namespace absent from the Namespace list does not exist', async () => {
    expect(await codes(namespaceWarnings(noGet, 'shop', 'ctx', SCAN_TYPES, [ns('default')], []))).toEqual(['KF_WARN_NAMESPACE_NOT_FOUND']);
  });

  it('a namespace with only its default ServiceAccount is empty; one more object is content', async () => {
    const base = [ns('shop'), object('v1', 'ServiceAccount', 'default', 'shop'), object('apps/v1', 'Deployment', 'web', 'other')];
    expect(await codes(namespaceWarnings(noGet, 'shop', 'ctx', SCAN_TYPES, base, []))).toEqual(['KF_WARN_NAMESPACE_EMPTY']);
    expect(await codes(namespaceWarnings(noGet, 'shop', 'ctx', SCAN_TYPES, [...base, object('v1', 'ServiceAccount', 'app', 'shop')], []))).toEqual([]);
  });

  it('kinds kubefort could not list in the namespace are gaps (findings), not an empty namespace', async () => {
    const gap: InventoryGap = { apiVersion: 'v1', kind: 'Pod', resource: 'pods', namespace: 'shop', status: 403, reason: 'forbidden' };
    expect(await codes(namespaceWarnings(noGet, 'shop', 'ctx', SCAN_TYPES, [ns('shop')], [gap]))).toEqual([]);
  });

  it('when the Namespace list was refused, one GET decides: 404 missing, 200 exists, 403 unknown', async () => {
    const gap: InventoryGap = { apiVersion: 'v1', kind: 'Namespace', resource: 'namespaces', status: 403, reason: 'forbidden' };
    expect(await codes(namespaceWarnings(answering(404), 'shop', 'ctx', SCAN_TYPES, [], [gap]))).toEqual(['KF_WARN_NAMESPACE_NOT_FOUND']);
    expect(await codes(namespaceWarnings(answering(200), 'shop', 'ctx', SCAN_TYPES, [], [gap]))).toEqual(['KF_WARN_NAMESPACE_EMPTY']);
    expect(await codes(namespaceWarnings(answering(403), 'shop', 'ctx', SCAN_TYPES, [object('apps/v1', 'Deployment', 'web', 'shop')], [gap]))).toEqual([]);
  });
});
