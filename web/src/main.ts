/** kubefort dashboard: login, clusters with scores and trend, findings with filters, a finding's detail, RBAC escalation paths, network reachability, live alerts. */
import { h, render, type ComponentChildren } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import './style.css';
import { api, streamAlerts, token, Unauthorized, type Alert, type Cluster, type Finding, type LatestAnalysis, type NetpolSummary, type RbacSummary, type TrendPoint } from './api.js';
import { NetworkView } from './netpol.js';
import { RbacView } from './rbac.js';
import { defaultCluster, Select, shortTime } from './ui.js';

const SEVERITIES = ['critical', 'high', 'medium', 'low', 'info'];
const AREAS = ['version', 'apiserver', 'rbac', 'kubelet', 'node', 'network', 'audit', 'etcd', 'workload', 'supply-chain', 'general'];

function Login(props: { onLogin: () => void; error: string }) {
  const [value, setValue] = useState('');
  return h('form', { class: 'login', onSubmit: (e: Event) => { e.preventDefault(); token.set(value.trim()); props.onLogin(); } },
    h('h1', null, 'kubefort'),
    h('label', { for: 'token' }, 'API token'),
    h('input', { id: 'token', type: 'password', autocomplete: 'off', value, onInput: (e: Event) => setValue((e.target as HTMLInputElement).value) }),
    h('button', { type: 'submit' }, 'Sign in'),
    props.error !== '' ? h('p', { class: 'error', role: 'alert' }, props.error) : null,
  );
}

function scoreClass(score: number | null | undefined): string {
  if (score === null || score === undefined) return 'score none';
  return score >= 90 ? 'score good' : score >= 70 ? 'score fair' : 'score poor';
}

function Trend(props: { points: TrendPoint[] }) {
  const el = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const ok = props.points.filter((p) => p.status === 'ok');
    if (el.current === null || ok.length < 2) return;
    const data: uPlot.AlignedData = [ok.map((p) => Date.parse(p.at) / 1000), ok.map((p) => p.score), ok.map((p) => p.findings)];
    const plot = new uPlot({
      width: Math.max(320, el.current.clientWidth), height: 180,
      series: [{}, { label: 'score', stroke: '#2e7d32', width: 2, scale: 'pct' }, { label: 'open findings', stroke: '#c62828', width: 2, scale: 'n' }],
      axes: [{}, { scale: 'pct', label: 'score' }, { scale: 'n', side: 1, label: 'findings', grid: { show: false } }],
      scales: { pct: { range: [0, 100] } },
    }, data, el.current);
    return () => plot.destroy();
  }, [props.points]);
  const ok = props.points.filter((p) => p.status === 'ok').length;
  return ok < 2 ? h('p', { class: 'trend-empty' }, 'The trend shows from the second scan on.') : h('div', { class: 'trend', ref: el });
}

/** A piece of an analysis line and its tone (`bad` red, `good` green). */
type Part = [string, ('bad' | 'good' | '')?];
const plural = (n: number, one: string) => `${n} ${one}${n === 1 ? '' : 's'}`;

function rbacParts(s: RbacSummary): Part[] {
  if (s.paths === 0) return [['no escalation path', 'good']];
  // Bootstrap paths (info) exist in every cluster: only the critical ones are red.
  const parts: Part[] = [[plural(s.paths, 'escalation path')], [`${s.critical} critical`, s.critical > 0 ? 'bad' : 'good']];
  if (s.exposedSubjects !== null) parts.push([plural(s.exposedSubjects, 'exposed subject'), s.exposedSubjects > 0 ? 'bad' : '']);
  return parts;
}

function netpolParts(s: NetpolSummary): Part[] {
  const n = s.namespacesWithWorkloads;
  const w = s.withoutDefaultDenyIngress;
  return [
    s.cniEnforces === null ? ['network plugin not recognised'] : s.cniEnforces ? ['CNI enforces', 'good'] : ['CNI does not enforce NetworkPolicy', 'bad'],
    w > 0 ? [`${w} of ${n} namespaces without default deny`, 'bad'] : [n === 0 ? 'no workloads' : `default deny in all ${n} namespaces`, 'good'],
    s.fromOutside > 0 ? [`${plural(s.fromOutside, 'workload')} reachable from outside`, 'bad'] : ['no workload reachable from outside', 'good'],
  ];
}

/** One line of a cluster's analysis counts; a button opening the view on this cluster, once there is something to see. */
function AnalysisLink(props: { tab: 'rbac' | 'network'; label: string; latest: LatestAnalysis<unknown> | null; parts: Part[] | null; sep: string; onOpen: () => void }) {
  const a = props.latest;
  if (a === null) return h('div', { class: 'analysis-link none', 'data-analysis': props.tab, title: 'recorded with each scheduled scan' }, h('b', null, props.label), h('span', { class: 'text' }, 'not analysed yet'));
  const text = a.status === 'error'
    ? h('span', { class: 'bad' }, `the analysis failed at scan #${a.scanId}`)
    : props.parts === null ? 'counts not recorded' : props.parts.map(([t, tone], i) => [i === 0 ? null : props.sep, h('span', { class: tone ?? '', key: i }, t)]);
  return h('button', { type: 'button', class: 'analysis-link', 'data-analysis': props.tab, title: a.status === 'error' ? (a.error ?? '') : `scan #${a.scanId}, ${shortTime(a.at)}`, onClick: props.onOpen },
    h('b', null, props.label), h('span', { class: 'text' }, text), h('span', { class: 'go', 'aria-hidden': 'true' }, '→'));
}

function Overview(props: { clusters: Cluster[]; onOpen: (tab: 'rbac' | 'network', clusterId: number) => void }) {
  const [trends, setTrends] = useState<Record<number, TrendPoint[]>>({});
  useEffect(() => {
    for (const c of props.clusters) void api<{ points: TrendPoint[] }>(`/api/v1/clusters/${c.id}/trend?days=90`).then((t) => setTrends((old) => ({ ...old, [c.id]: t.points })));
  }, [props.clusters]);
  return h('section', { class: 'overview' }, props.clusters.map((c) => {
    const s = c.latestScan;
    const { rbac, netpol } = c.analysis;
    return h('article', { class: 'cluster', key: c.id, 'data-cluster': c.name },
      h('header', null, h('h2', null, c.name), h('span', { class: scoreClass(s?.score) }, s?.score ?? '–'),
        h('small', null, s === null ? 'not scanned yet' : `last scan ${new Date(s.startedAt).toLocaleString()} · ${s.findings} open · ${s.new} new · ${s.fixed} fixed`)),
      s?.status === 'error' ? h('p', { class: 'error' }, s.error) : null,
      h('div', { class: 'analyses' },
        h(AnalysisLink, { tab: 'rbac', label: 'RBAC', latest: rbac, parts: rbac === null || rbac.summary === null ? null : rbacParts(rbac.summary), sep: ', ', onOpen: () => props.onOpen('rbac', c.id) }),
        h(AnalysisLink, { tab: 'network', label: 'Network', latest: netpol, parts: netpol === null || netpol.summary === null ? null : netpolParts(netpol.summary), sep: ' · ', onOpen: () => props.onOpen('network', c.id) })),
      h('div', { class: 'areas' }, AREAS.filter((a) => s?.scoreByArea[a] !== undefined).map((a) =>
        h('div', { class: 'area', key: a }, h('span', null, a), h('div', { class: 'bar' }, h('div', { class: scoreClass(s?.scoreByArea[a]), style: { width: `${s?.scoreByArea[a] ?? 0}%` } })), h('b', null, s?.scoreByArea[a])))),
      h(Trend, { points: trends[c.id] ?? [] }));
  }));
}

function Findings(props: { clusters: Cluster[]; onOpen: (f: Finding) => void }) {
  const [filters, setFilters] = useState({ cluster: '', severity: '', area: '', status: 'open', q: '' });
  const [result, setResult] = useState<{ total: number; items: Finding[] }>({ total: 0, items: [] });
  useEffect(() => {
    const qs = new URLSearchParams({ status: filters.status, limit: '200' });
    for (const k of ['cluster', 'severity', 'area', 'q'] as const) if (filters[k] !== '') qs.set(k, filters[k]);
    const t = setTimeout(() => void api<{ total: number; items: Finding[] }>(`/api/v1/findings?${qs}`).then(setResult), 150);
    return () => clearTimeout(t);
  }, [filters]);
  const set = (k: keyof typeof filters) => (v: string) => setFilters({ ...filters, [k]: v });
  const clusterName = (id: number) => props.clusters.find((c) => c.id === id)?.name ?? String(id);
  return h('section', { class: 'findings' },
    h('div', { class: 'filters' },
      h('label', null, 'cluster ', h('select', { name: 'cluster', value: filters.cluster, onChange: (e: Event) => set('cluster')((e.target as HTMLSelectElement).value) }, h('option', { value: '' }, 'any'), props.clusters.map((c) => h('option', { value: String(c.id), key: c.id }, c.name)))),
      h(Select, { label: 'severity', value: filters.severity, options: SEVERITIES, onChange: set('severity') }),
      h(Select, { label: 'area', value: filters.area, options: AREAS, onChange: set('area') }),
      h('label', null, 'status ', h('select', { name: 'status', value: filters.status, onChange: (e: Event) => set('status')((e.target as HTMLSelectElement).value) }, ['open', 'fixed', 'all'].map((s) => h('option', { value: s, key: s }, s)))),
      h('input', { type: 'search', name: 'q', placeholder: 'search title, object, check…', value: filters.q, onInput: (e: Event) => set('q')((e.target as HTMLInputElement).value) }),
      h('span', { class: 'count' }, `${result.total} findings`)),
    h('table', null,
      h('thead', null, h('tr', null, ['severity', 'check', 'title', 'object', 'cluster', 'first seen'].map((c) => h('th', { key: c }, c)))),
      h('tbody', null, result.items.map((f) => h('tr', { key: f.id, onClick: () => props.onOpen(f), class: 'row' },
        h('td', null, h('span', { class: `sev ${f.severity}` }, f.severity)),
        h('td', null, f.checkId), h('td', null, f.title),
        h('td', null, `${f.resource.kind} ${f.resource.namespace === null ? '' : `${f.resource.namespace}/`}${f.resource.name}`),
        h('td', null, clusterName(f.clusterId)), h('td', null, new Date(f.firstSeenAt).toLocaleDateString()))))));
}

function Detail(props: { finding: Finding; onClose: () => void }) {
  const f = props.finding;
  const row = (k: string, v: ComponentChildren) => h('tr', null, h('th', null, k), h('td', null, v));
  return h('aside', { class: 'detail', role: 'dialog', 'aria-label': f.title },
    h('button', { class: 'close', onClick: props.onClose, 'aria-label': 'close' }, '×'),
    h('h2', null, h('span', { class: `sev ${f.severity}` }, f.severity), ' ', f.title),
    h('p', { class: 'message' }, f.message),
    h('table', null,
      row('check', f.checkId), row('area', f.area),
      row('object', `${f.resource.apiVersion ?? ''} ${f.resource.kind} ${f.resource.namespace ?? ''} ${f.resource.name}`),
      row('field', h('code', null, f.path)),
      f.location?.file !== undefined ? row('file', `${f.location.file}${f.location.line === undefined ? '' : `:${f.location.line}`}`) : null,
      row('frameworks', f.frameworks.map((x) => `${x.framework} ${x.control}`).join(', ') || '–'),
      row('status', f.status === 'fixed' ? `fixed ${f.fixedAt ?? ''}` : 'open'),
      row('first seen', f.firstSeenAt), row('last seen', f.lastSeenAt), f.reopened > 0 ? row('reopened', f.reopened) : null),
    h('h3', null, 'Fix'), h('pre', { class: 'fix' }, f.remediation));
}

function Alerts() {
  const [alerts, setAlerts] = useState<Alert[]>([]);
  useEffect(() => {
    void api<{ items: Alert[] }>('/api/v1/alerts?limit=20').then((r) => setAlerts(r.items));
    const abort = new AbortController();
    void streamAlerts((a) => setAlerts((old) => [a, ...old.filter((o) => o.id !== a.id)].slice(0, 50)), abort.signal).catch(() => undefined);
    return () => abort.abort();
  }, []);
  return h('section', { class: 'alerts' }, h('h2', null, 'Audit alerts (live)'),
    alerts.length === 0 ? h('p', null, 'none') : h('ul', null, alerts.map((a) => h('li', { key: a.id }, h('span', { class: `sev ${a.severity}` }, a.severity), ' ', h('b', null, a.ruleId), ' ', a.message, h('small', null, ` ${a.eventTime}`)))));
}

type Tab = 'overview' | 'findings' | 'rbac' | 'network' | 'alerts';
const TABS: [Tab, string][] = [['overview', 'overview'], ['findings', 'findings'], ['rbac', 'RBAC paths'], ['network', 'network reachability'], ['alerts', 'alerts']];

function App() {
  const [clusters, setClusters] = useState<Cluster[] | null>(null);
  const [error, setError] = useState('');
  const [open, setOpen] = useState<Finding | null>(null);
  const [tab, setTab] = useState<Tab>('overview');
  const [picked, setPicked] = useState<number | undefined>(undefined);
  const load = () => {
    if (token.get() === null) return;
    api<{ items: Cluster[] }>('/api/v1/clusters').then((r) => { setClusters(r.items); setError(''); }, (e: unknown) => {
      token.clear();
      setClusters(null);
      setError(e instanceof Unauthorized ? 'That token was refused.' : String(e));
    });
  };
  useEffect(load, []);
  if (clusters === null) return h(Login, { onLogin: load, error });
  return h('div', { class: 'app' },
    h('nav', null, h('strong', null, 'kubefort'), TABS.map(([t, label]) => h('button', { key: t, 'data-tab': t, class: tab === t ? 'active' : '', onClick: () => setTab(t) }, label)),
      h('button', { class: 'logout', onClick: () => { token.clear(); setClusters(null); } }, 'sign out')),
    h('main', null,
      tab === 'overview' ? h(Overview, { clusters, onOpen: (t, id) => { setPicked(id); setTab(t); } })
        : tab === 'findings' ? h(Findings, { clusters, onOpen: setOpen })
          : tab === 'rbac' ? h(RbacView, { clusters, clusterId: picked ?? defaultCluster(clusters), onCluster: setPicked })
            : tab === 'network' ? h(NetworkView, { clusters, clusterId: picked ?? defaultCluster(clusters), onCluster: setPicked })
              : h(Alerts, null)),
    open === null ? null : h(Detail, { finding: open, onClose: () => setOpen(null) }));
}

const root = document.getElementById('app');
if (root !== null) render(h(App, null), root);
