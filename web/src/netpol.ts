/** Network reachability: per namespace its default deny and exposed workloads, a namespace matrix, and the allowed connections with filters. */
import { h } from 'preact';
import { useState } from 'preact/hooks';
import type { Cluster, Connection, NetpolAnalysis, NetWorkload } from './api.js';
import { notReady, Pickers, Search, Select, Tiles, useAnalysis } from './ui.js';

const OUTSIDE = '(outside)';
/** Connection rows drawn at once; filters narrow the rest. */
const SHOWN = 500;

/** The namespace of a connection end: `ns/name[Kind]`, or OUTSIDE for `a.b.c.d-e.f.g.h[External]`. */
export const namespaceOf = (end: string) => (end.endsWith('[External]') ? OUTSIDE : (end.split('/')[0] ?? ''));

/** Whether a connection text (`All Connections`, `TCP 80,443,8000-8080,UDP 53`) allows PORT[/PROTOCOL]. */
export function allowsPort(conn: string, query: string): boolean {
  const m = /^\s*(\d+)\s*(?:\/\s*([a-z]+))?\s*$/i.exec(query);
  if (m === null) return false;
  const port = Number(m[1]);
  const proto = m[2]?.toUpperCase();
  if (conn === 'All Connections') return true;
  let current = '';
  for (const raw of conn.split(',')) {
    let t = raw.trim();
    const p = /^([A-Z]+)\s+(.+)$/.exec(t);
    if (p !== null) [current, t] = [p[1] as string, p[2] as string];
    if (proto !== undefined && current !== proto) continue;
    const [lo, hi] = t.split('-').map(Number) as [number, number | undefined];
    if (port >= lo && port <= (hi ?? lo)) return true;
  }
  return false;
}

const yesNo = (v: boolean, good = true) => h('span', { class: `yn ${v === good ? 'yes' : 'no'}` }, v ? 'yes' : 'no');
const exposed = (w: NetWorkload) => w.fromEntireCluster !== null || w.fromOutside.length > 0 || (w.fromNamespaces?.length ?? 0) > 0;
const more = (shown: number, all: number | null) => (all !== null && all > shown ? ` and ${all - shown} more` : '');
const outsideText = (w: NetWorkload) =>
  w.fromOutside.length === 0 ? '–' : w.fromAnyAddress && w.fromOutsideRanges === 1 ? `any address: ${w.fromOutside[0]?.conn ?? ''}` : `${w.fromOutside.map((r) => `${r.range}: ${r.conn}`).join('; ')}${more(w.fromOutside.length, w.fromOutsideRanges)}`;
const namespacesText = (w: NetWorkload) => (w.fromNamespaces === null || w.fromNamespaces.length === 0 ? '–' : `${w.fromNamespaces.join(', ')}${more(w.fromNamespaces.length, w.fromNamespaceCount)}`);

/** A connection end: a workload, or an address range outside the cluster (flagged). */
function End(end: string) {
  return end.endsWith('[External]') ? [end.slice(0, -'[External]'.length), h('span', { class: 'flag ext', key: 'f' }, 'outside')] : end;
}

function Cni(props: { cni: NetpolAnalysis['cni'] }) {
  const { cni } = props;
  if (cni.enforces === null) return h('span', { class: 'cni unknown', title: 'no network plugin recognised among DaemonSets and pods' }, 'unknown');
  const names = cni.plugins.map((p) => p.name).join(', ');
  return h('span', { class: `cni ${cni.enforces ? 'good' : 'bad'}`, title: cni.plugins.map((p) => `${p.name}: ${p.evidence}`).join('\n') }, cni.enforces ? `${names} enforces` : `${names}: NOT enforced`);
}

function Matrix(props: { matrix: NonNullable<NetpolAnalysis['matrix']>; onPick: (src: string, dst: string) => void; from: string; to: string }) {
  const { namespaces, cells } = props.matrix;
  const at = new Map(cells.map(([s, d, n]) => [`${s}:${d}`, n]));
  const max = Math.max(1, ...cells.map((c) => c[2]));
  return h('div', { class: 'matrix-wrap' },
    h('table', { class: 'matrix' },
      h('thead', null, h('tr', null, h('th', { class: 'corner' }, 'from ↓ to →'), namespaces.map((n) => h('th', { key: n, class: 'col' }, h('span', null, n))))),
      h('tbody', null, namespaces.map((src, i) => h('tr', { key: src },
        h('th', null, src),
        namespaces.map((dst, j) => {
          const n = at.get(`${i}:${j}`) ?? 0;
          const picked = props.from === src && props.to === dst;
          // Opacity by count: the heat of the cell, never fully transparent when there is a connection.
          return h('td', { key: dst, class: `cell${n === 0 ? ' none' : ''}${picked ? ' picked' : ''}`, title: `${src} → ${dst}: ${n} connection${n === 1 ? '' : 's'}`, style: n === 0 ? undefined : { background: `rgba(198, 40, 40, ${(0.12 + 0.75 * (n / max)).toFixed(2)})` }, onClick: n === 0 ? undefined : () => props.onPick(src, dst) }, n === 0 ? '' : n);
        }))))));
}

export function NetworkView(props: { clusters: Cluster[]; clusterId: number | undefined; onCluster: (id: number) => void }) {
  const a = useAnalysis<NetpolAnalysis>('netpol', props.clusters, props.clusterId);
  const [f, setF] = useState({ from: '', to: '', port: '', q: '', allWorkloads: false });
  const set = (k: 'from' | 'to' | 'port' | 'q') => (v: string) => setF({ ...f, [k]: v });
  const body = a.data?.analysis ?? null;
  const waiting = notReady(a);
  const pickers = h(Pickers, { clusters: props.clusters, clusterId: props.clusterId, onCluster: props.onCluster, history: a.data?.history ?? [], scan: a.scan, onScan: a.setScan, describe: (s) => `${s.withoutDefaultDenyIngress ?? 0} without default deny` });
  if (waiting !== undefined || body === null) return h('section', { class: 'analysis netpol' }, h('div', { class: 'filters' }, pickers), waiting);

  const t = body.totals;
  const workloads = body.workloads.items.filter((w) => f.allWorkloads || exposed(w));
  const ends = [...new Set([...body.namespaces.map((n) => n.name), OUTSIDE])];
  const conns = body.connections.items.filter((c: Connection) =>
    (f.from === '' || namespaceOf(c.src) === f.from) && (f.to === '' || namespaceOf(c.dst) === f.to) && (f.port.trim() === '' || allowsPort(c.conn, f.port)) && (f.q === '' || `${c.src} ${c.dst}`.toLowerCase().includes(f.q.toLowerCase())));
  return h('section', { class: 'analysis netpol' },
    h('div', { class: 'filters' }, pickers),
    h(Tiles, {
      items: [
        ['network plugin', h(Cni, { cni: body.cni })],
        ['namespaces without default-deny ingress', `${t.withoutDefaultDenyIngress} of ${body.namespaces.filter((n) => n.workloads > 0).length}`, t.withoutDefaultDenyIngress > 0 ? 'bad' : 'good'],
        ['workloads open to every namespace', `${t.openToAll} of ${t.workloads}`, t.openToAll > 0 ? 'bad' : 'good'],
        ['workloads reachable from outside', t.fromOutside, t.fromOutside > 0 ? 'bad' : 'good'],
        ['NetworkPolicies', t.policies],
        ['allowed connections', body.connections.skipped === undefined ? body.connections.total : '–'],
      ],
    }),
    body.cni.enforces === false ? h('p', { class: 'note bad' }, 'The network plugin does not enforce NetworkPolicy: every connection is allowed whatever the policies say.') : null,
    body.notes.length > 0 ? h('ul', { class: 'notes' }, body.notes.map((n, i) => h('li', { key: i }, n))) : null,

    h('h3', null, 'Namespaces'),
    h('table', { class: 'namespaces' },
      h('thead', null, h('tr', null, ['namespace', 'policies', 'default deny ingress', 'default deny egress', 'workloads', 'not isolated (ingress)', 'open to every namespace', 'from outside', 'from other namespaces'].map((c) => h('th', { key: c }, c)))),
      h('tbody', null, body.namespaces.map((n) => h('tr', { key: n.name, 'data-namespace': n.name, class: 'row', title: 'show the connections into this namespace', onClick: () => setF({ ...f, from: '', to: n.name }) },
        h('td', null, h('b', null, n.name), n.note === undefined ? null : h('small', null, n.note)),
        h('td', null, n.policies),
        h('td', null, yesNo(n.defaultDeny.ingress)), h('td', null, yesNo(n.defaultDeny.egress)),
        h('td', null, n.workloads),
        h('td', { class: n.ingressOpen > 0 ? 'warn' : '' }, n.ingressOpen),
        h('td', { class: n.openToAll > 0 ? 'warn' : '' }, n.openToAll),
        h('td', { class: n.fromOutside > 0 ? 'warn' : '' }, n.fromOutside),
        h('td', null, n.fromOtherNamespaces ?? '–'))))),

    h('h3', null, f.allWorkloads ? 'Workloads' : 'Workloads reachable beyond their namespace', ' ',
      h('label', { class: 'toggle' }, h('input', { type: 'checkbox', name: 'allWorkloads', checked: f.allWorkloads, onChange: () => setF({ ...f, allWorkloads: !f.allWorkloads }) }), ' all workloads')),
    workloads.length === 0
      ? h('p', { class: 'empty' }, 'No workload accepts connections from every namespace, from outside the cluster or from another namespace.')
      : h('table', { class: 'workloads' },
          h('thead', null, h('tr', null, ['workload', 'ingress isolated', 'from every namespace', 'from outside the cluster', 'from namespaces', 'to cloud metadata'].map((c) => h('th', { key: c }, c)))),
          h('tbody', null, workloads.map((w) => h('tr', { key: w.id, 'data-workload': w.id },
            h('td', null, h('b', null, `${w.namespace}/${w.name}`), ' ', h('small', null, w.kind), w.hostNetwork ? h('span', { class: 'flag', title: 'NetworkPolicy does not govern host-network pods' }, 'host network') : null),
            h('td', null, yesNo(w.ingressIsolated)),
            h('td', { class: w.fromEntireCluster === null ? '' : 'warn' }, w.fromEntireCluster ?? '–'),
            h('td', { class: w.fromOutside.length === 0 ? '' : 'warn' }, outsideText(w)),
            h('td', null, namespacesText(w)),
            h('td', { class: w.toMetadata === null ? '' : 'warn' }, w.toMetadata ?? '–'))))),
    body.workloads.capped ? h('p', { class: 'note' }, `${body.workloads.total} workloads; ${body.workloads.limit} are stored (exposed ones first).`) : null,

    body.matrix === null ? null : [
      h('h3', { key: 'mh' }, 'Namespace to namespace', h('small', null, ' workload connections allowed; pick a cell to list them')),
      h(Matrix, { key: 'm', matrix: body.matrix, from: f.from, to: f.to, onPick: (from, to) => setF({ ...f, from, to }) }),
    ],

    h('h3', null, 'Allowed connections'),
    body.connections.skipped !== undefined
      ? h('p', { class: 'note' }, `Not computed: ${body.connections.skipped}.`)
      : [
          h('div', { class: 'filters', key: 'f' },
            h(Select, { label: 'from', value: f.from, options: ends, onChange: set('from') }),
            h(Select, { label: 'to', value: f.to, options: ends, onChange: set('to') }),
            h('label', null, 'port ', h('input', { name: 'port', class: 'port', placeholder: '443 or 53/UDP', value: f.port, onInput: (e: Event) => set('port')((e.target as HTMLInputElement).value) })),
            h(Search, { name: 'cq', placeholder: 'search workloads…', value: f.q, onInput: set('q') }),
            h('span', { class: 'count' }, `${conns.length} connections`),
            f.from !== '' || f.to !== '' || f.port !== '' || f.q !== '' ? h('button', { type: 'button', onClick: () => setF({ ...f, from: '', to: '', port: '', q: '' }) }, 'clear') : null),
          body.connections.capped ? h('p', { class: 'note', key: 'c' }, `${body.connections.total} connections allowed; ${body.connections.items.length} are stored (those crossing a namespace or the cluster edge first).`) : null,
          h('table', { class: 'connections', key: 't' },
            h('thead', null, h('tr', null, ['from', 'to', 'allowed'].map((c) => h('th', { key: c }, c)))),
            h('tbody', null, conns.slice(0, SHOWN).map((c) => h('tr', { key: `${c.src}>${c.dst}` }, h('td', null, End(c.src)), h('td', null, End(c.dst)), h('td', null, h('code', null, c.conn)))))),
          conns.length > SHOWN ? h('p', { class: 'note', key: 'm' }, `Showing ${SHOWN} of ${conns.length}: narrow the filters to see the rest.`) : null,
        ]);
}
