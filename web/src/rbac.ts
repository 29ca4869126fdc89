/** RBAC paths: per subject, each escalation chain to cluster-admin or kube-system Secrets, hop by hop with the grant behind it. */
import { h } from 'preact';
import { useState } from 'preact/hooks';
import type { Cluster, RbacAnalysis, RbacPath } from './api.js';
import { notReady, Pickers, Search, Select, Tiles, useAnalysis } from './ui.js';

const SINKS: Record<string, string> = { 'cluster-admin': 'cluster-admin', 'kube-system-secrets': 'kube-system Secrets' };
/** Rows drawn at once; filters narrow the rest. */
const SHOWN = 300;

const ref = (r: { kind: string; namespace?: string; name: string }) => `${r.kind} ${r.namespace === undefined ? '' : `${r.namespace}/`}${r.name}`;

function matches(p: RbacPath, q: string): boolean {
  if (q === '') return true;
  const text = [p.label, ...p.workloads, ...p.hops.flatMap((x) => [x.text, x.to, ...x.grants.flatMap((g) => [ref(g.binding), ref(g.role), g.rule])])].join('\n').toLowerCase();
  return text.includes(q.toLowerCase());
}

function Subject(props: { path: RbacPath; rows: number }) {
  const p = props.path;
  return h('td', { class: 'subject', rowSpan: props.rows },
    h('span', { class: 'kind' }, p.subject.kind), h('b', null, p.subject.namespace === undefined ? p.subject.name : `${p.subject.namespace}/${p.subject.name}`),
    p.exposed ? h('span', { class: 'flag', title: 'its pods are behind a LoadBalancer, NodePort or external IP' }, 'exposed') : null,
    p.workloads.length > 0 ? h('small', null, `runs ${p.workloads.join(', ')}${p.workloadCount > p.workloads.length ? ` and ${p.workloadCount - p.workloads.length} more` : ''}`) : null);
}

function Chain(props: { path: RbacPath }) {
  const p = props.path;
  return h('ol', { class: 'chain' },
    h('li', { class: 'node' }, p.label),
    p.hops.flatMap((hop, i) => [
      h('li', { class: 'hop', key: `h${i}` },
        hop.text,
        hop.grants.length === 0
          ? h('div', { class: 'via' }, 'via group membership (not RBAC)')
          : hop.grants.map((g, j) => h('div', { class: 'via', key: j }, `via ${ref(g.binding)} → ${ref(g.role)} → rules[${g.ruleIndex}]: ${g.rule}`))),
      h('li', { class: i === p.hops.length - 1 ? 'node sink' : 'node', key: `n${i}` }, SINKS[hop.to] ?? hop.to),
    ]));
}

export function RbacView(props: { clusters: Cluster[]; clusterId: number | undefined; onCluster: (id: number) => void }) {
  const a = useAnalysis<RbacAnalysis>('rbac', props.clusters, props.clusterId);
  const [f, setF] = useState({ severity: '', sink: '', subject: '', q: '' });
  const set = (k: keyof typeof f) => (v: string) => setF({ ...f, [k]: v });
  const body = a.data?.analysis ?? null;
  const all = body?.paths ?? [];
  const paths = all.filter((p) => (f.severity === '' || p.severity === f.severity) && (f.sink === '' || p.sink === f.sink) && (f.subject === '' || p.label === f.subject) && matches(p, f.q));
  // Grouped per subject, in the analysis' order (exposed and used identities first, then shortest).
  const groups = new Map<string, RbacPath[]>();
  for (const p of paths.slice(0, SHOWN)) groups.set(p.label, [...(groups.get(p.label) ?? []), p]);
  const waiting = notReady(a);
  return h('section', { class: 'analysis rbac' },
    h('div', { class: 'filters' },
      h(Pickers, { clusters: props.clusters, clusterId: props.clusterId, onCluster: props.onCluster, history: a.data?.history ?? [], scan: a.scan, onScan: a.setScan, describe: (s) => `${s.paths ?? 0} paths` }),
      h(Select, { label: 'severity', value: f.severity, options: ['critical', 'info'], onChange: set('severity') }),
      h(Select, { label: 'reaches', value: f.sink, options: Object.entries(SINKS), onChange: set('sink') }),
      h(Select, { label: 'subject', value: f.subject, options: [...new Set(all.map((p) => p.label))].sort(), onChange: set('subject') }),
      h(Search, { name: 'q', placeholder: 'search subject, binding, rule…', value: f.q, onInput: set('q') }),
      body === null ? null : h('span', { class: 'count' }, `${paths.length} paths`)),
    waiting ?? (body === null ? null : [
      h(Tiles, {
        key: 't',
        items: [
          ['escalation paths', body.total, body.total > 0 ? 'bad' : 'good'],
          ['to cluster-admin', body.counts.bySink['cluster-admin'] ?? 0, (body.counts.bySink['cluster-admin'] ?? 0) > 0 ? 'bad' : 'good'],
          ['to kube-system Secrets', body.counts.bySink['kube-system-secrets'] ?? 0],
          ['critical', body.counts.bySeverity.critical ?? 0],
          ['subjects', body.counts.subjects],
          // Subjects, as the overview counts them (analyses recorded before they were counted: from the kept paths).
          ['exposed subjects', body.counts.exposedSubjects ?? new Set(all.filter((p) => p.exposed).map((p) => p.label)).size],
        ],
      }),
      body.capped ? h('p', { key: 'c', class: 'note' }, `${body.total} paths found; the ${body.limit} most important are stored (critical first).`) : null,
      body.gaps.length > 0 ? h('p', { key: 'g', class: 'note' }, `Not listed by the scan, so paths through them are missing: ${body.gaps.join(', ')}`) : null,
      paths.length === 0
        ? h('p', { key: 'e', class: 'empty' }, all.length === 0 ? 'No escalation path: no subject can reach cluster-admin or kube-system Secrets.' : 'No path matches these filters.')
        : h('table', { key: 'p', class: 'paths' },
            h('thead', null, h('tr', null, ['severity', 'subject', 'reaches', 'escalation chain'].map((c) => h('th', { key: c }, c)))),
            h('tbody', null, [...groups.values()].flatMap((list) => list.map((p, i) =>
              h('tr', { key: `${p.label}|${p.sink}`, class: i === 0 ? 'first' : '', 'data-subject': p.label, 'data-sink': p.sink },
                h('td', null, h('span', { class: `sev ${p.severity}` }, p.severity)),
                i === 0 ? h(Subject, { path: p, rows: list.length }) : null,
                h('td', null, h('span', { class: 'sink-badge' }, SINKS[p.sink]), h('small', null, `${p.hops.length} hop${p.hops.length === 1 ? '' : 's'}`)),
                h('td', null, h(Chain, { path: p }))))))),
      paths.length > SHOWN ? h('p', { key: 'm', class: 'note' }, `Showing ${SHOWN} of ${paths.length} paths: narrow the filters to see the rest.`) : null,
    ]));
}
