/** Small pieces the views share: a labelled select, summary tiles, the cluster and scan pickers, and loading an analysis. */
import { h, type ComponentChildren } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { api, type AnalysisResponse, type Cluster } from './api.js';

const value = (e: Event) => (e.target as HTMLSelectElement | HTMLInputElement).value;

export function Select(props: { label: string; value: string; options: (string | [string, string])[]; onChange: (v: string) => void; any?: string | null }) {
  return h('label', null, props.label, ' ',
    h('select', { name: props.label, value: props.value, onChange: (e: Event) => props.onChange(value(e)) },
      props.any === null ? null : h('option', { value: '' }, props.any ?? 'any'),
      props.options.map((o) => (typeof o === 'string' ? h('option', { value: o, key: o }, o) : h('option', { value: o[0], key: o[0] }, o[1])))));
}

export function Search(props: { name: string; placeholder: string; value: string; onInput: (v: string) => void }) {
  return h('input', { type: 'search', name: props.name, placeholder: props.placeholder, value: props.value, onInput: (e: Event) => props.onInput(value(e)) });
}

/** A row of figures: `[label, value, tone]`; tone `bad` or `good` colours the value. */
export function Tiles(props: { items: [string, ComponentChildren, ('bad' | 'good' | '')?][] }) {
  return h('div', { class: 'tiles' }, props.items.map(([label, v, tone]) => h('div', { class: `tile ${tone ?? ''}`, key: label }, h('b', null, v), h('span', null, label))));
}

/** The cluster an analysis view shows: the first one scanned, unless one was picked. */
export function defaultCluster(clusters: Cluster[]): number | undefined {
  return (clusters.find((c) => c.latestScan !== null) ?? clusters[0])?.id;
}

export const shortTime = (iso: string) => new Date(iso).toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' });

/**
 * Loads `/api/v1/clusters/{id}/{kind}` (newest, or `?scan=`), with the cluster and scan pickers.
 * Clusters never scanned are not asked (they have nothing yet).
 */
export function useAnalysis<T>(kind: 'rbac' | 'netpol', clusters: Cluster[], clusterId: number | undefined) {
  // The scan picked, for the cluster it was picked in: another cluster starts at its newest.
  const [picked, setPicked] = useState<{ cluster?: number; scan: string }>({ scan: '' });
  const scan = picked.cluster === clusterId ? picked.scan : '';
  const setScan = (s: string) => setPicked({ cluster: clusterId, scan: s });
  const [state, setState] = useState<{ data?: AnalysisResponse<T>; error?: string; loading: boolean }>({ loading: true });
  const cluster = clusters.find((c) => c.id === clusterId);
  useEffect(() => {
    if (cluster === undefined || cluster.latestScan === null) {
      setState({ loading: false, error: cluster === undefined ? 'No cluster is configured.' : `${cluster.name} has not been scanned yet.` });
      return;
    }
    let live = true;
    setState((s) => ({ ...s, loading: true }));
    api<AnalysisResponse<T>>(`/api/v1/clusters/${cluster.id}/${kind}${scan === '' ? '' : `?scan=${scan}`}`).then(
      (data) => live && setState({ data, loading: false }),
      (e: unknown) => live && setState({ loading: false, error: e instanceof Error ? e.message : String(e) }),
    );
    return () => {
      live = false;
    };
  }, [cluster?.id, cluster?.latestScan?.id, scan]);
  return { ...state, cluster, scan, setScan };
}

/** Cluster and scan pickers above an analysis. */
export function Pickers(props: { clusters: Cluster[]; clusterId: number | undefined; onCluster: (id: number) => void; history: AnalysisResponse<unknown>['history']; scan: string; onScan: (s: string) => void; describe: (s: Record<string, number | boolean | null>) => string }) {
  return [
    h(Select, { key: 'c', label: 'cluster', value: String(props.clusterId ?? ''), any: null, options: props.clusters.map((c): [string, string] => [String(c.id), c.name]), onChange: (v) => props.onCluster(Number(v)) }),
    h(Select, {
      key: 's',
      label: 'scan',
      value: props.scan,
      any: 'latest',
      options: props.history.map((p): [string, string] => [String(p.scanId), `#${p.scanId} · ${shortTime(p.at)} · ${p.status === 'ok' ? props.describe(p.summary) : 'analysis failed'}`]),
      onChange: props.onScan,
    }),
  ];
}

/** What an analysis view shows while loading, on error, or when the analysis failed. */
export function notReady(state: { loading: boolean; error?: string; data?: AnalysisResponse<unknown> }): ComponentChildren | undefined {
  if (state.error !== undefined) return h('p', { class: 'empty' }, state.error);
  if (state.data === undefined) return h('p', { class: 'empty' }, 'Loading…');
  if (state.data.status === 'error') return h('p', { class: 'error' }, `This analysis failed at scan #${state.data.scan.id}: ${state.data.error ?? ''}`);
  return undefined;
}
