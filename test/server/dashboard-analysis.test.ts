/**
 * The dashboard's RBAC paths and network reachability views in Debian's Chromium, on a service
 * whose scheduled scan read the estate fixture (test/server/fixtures/estate.yaml: known escalation
 * paths and NetworkPolicy gaps). Screenshots go to $KUBEFORT_SCREENSHOTS (default: a temp dir),
 * next to those of dashboard.test.ts.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { launchChromium } from './browser.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { analyseInventory } from '../../src/server/analysis/index.js';
import { parseConfig } from '../../src/server/config.js';
import { startService, type Service } from '../../src/server/service.js';
import { estateInventory, estateScan, finding, scanResult } from './fixtures.js';

const TOKEN = 'kf_dashboard-test-token-0123456789';
const shots = process.env.KUBEFORT_SCREENSHOTS ?? mkdtempSync(join(tmpdir(), 'kubefort-screenshots-'));
const tmp = mkdtempSync(join(tmpdir(), 'kubefort-dashboard-analysis-'));

describe('RBAC and network views in Chromium', () => {
  let service: Service;
  let browser: Browser;
  let olderScan: number;
  let failedScan: number;
  beforeAll(async () => {
    const webRoot = join(tmp, 'web');
    execFileSync(process.execPath, ['node_modules/vite/bin/vite.js', 'build', '--config', 'web/vite.config.ts', '--outDir', webRoot], { stdio: 'pipe' });
    const config = parseConfig({ storage: `sqlite:${join(tmp, 'db.sqlite')}`, dataDir: join(tmp, 'data'), tokens: [{ name: 'ui', value: TOKEN }], scheduler: { tickSeconds: 0.1 }, clusters: [{ name: 'estate', context: 'estate' }, { name: 'estate-copy', context: 'estate' }] });
    service = await startService({ config, port: 0, scan: estateScan, webRoot, print: () => undefined });
    // Yesterday, before jane was given nodes/proxy.
    const cluster = await service.store.clusterByName('estate');
    const before = await service.store.recordScan(cluster!.id, scanResult([finding('old')], { startedAt: new Date(Date.now() - 86_400_000).toISOString() }), { trigger: 'scheduled', analyses: analyseInventory(await estateInventory(['jane-node-debugger'])) });
    olderScan = before.scan.id;
    // A cluster scanned before the analyses existed, and one whose RBAC analysis failed (neither is scheduled).
    const legacy = await service.store.clusterByName('legacy', true);
    await service.store.recordScan(legacy!.id, scanResult([finding('l1')]), { trigger: 'manual' });
    const staging = await service.store.clusterByName('staging', true);
    const analyses = analyseInventory(await estateInventory());
    failedScan = (await service.store.recordScan(staging!.id, scanResult([finding('s1')]), { trigger: 'manual', analyses: { ...analyses, rbac: { status: 'error', error: 'escalation graph: out of memory', durationMs: 5 } } })).scan.id;
    const deadline = Date.now() + 30_000;
    while ((await service.store.scans({ limit: 10 })).filter((s) => s.instance !== null).length < 2 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    browser = await launchChromium();
    mkdirSync(shots, { recursive: true });
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await service?.close();
    rmSync(tmp, { recursive: true, force: true });
  });

  async function signIn(): Promise<{ page: Page; problems: string[]; external: string[]; close: () => Promise<void> }> {
    const context = await browser.newContext({ ignoreHTTPSErrors: true, viewport: { width: 1280, height: 860 } });
    const page = await context.newPage();
    const problems: string[] = [];
    page.on('console', (m) => { if (m.type() === 'error') problems.push(m.text()); });
    page.on('pageerror', (e) => problems.push(e.message));
    const external: string[] = [];
    page.on('request', (r) => { if (!r.url().startsWith(service.url)) external.push(r.url()); });
    await page.goto(service.url);
    await page.fill('#token', TOKEN);
    await page.click('button[type=submit]');
    await page.waitForSelector('article.cluster[data-cluster=estate]');
    return { page, problems, external, close: () => context.close() };
  }

  it('overview: per cluster the RBAC and network counts, each opening its view on that cluster', async () => {
    const { page, problems, external, close } = await signIn();
    const line = (cluster: string, kind: 'rbac' | 'network') => page.locator(`article.cluster[data-cluster="${cluster}"] .analysis-link[data-analysis=${kind}]`);
    // The estate's known paths (9; 7 critical; the storefront is the one exposed subject) and gaps.
    expect(await line('estate', 'rbac').locator('.text').textContent()).toBe('9 escalation paths, 7 critical, 1 exposed subject');
    expect(await line('estate', 'rbac').locator('.text .bad').allTextContents()).toEqual(['7 critical', '1 exposed subject']);
    expect(await line('estate', 'network').locator('.text').textContent()).toBe('CNI enforces · 3 of 4 namespaces without default deny · 3 workloads reachable from outside');
    expect(await line('estate-copy', 'rbac').locator('.text').textContent()).toBe('9 escalation paths, 7 critical, 1 exposed subject');
    // Scanned before the analyses existed: no zeros, and nothing to open.
    for (const kind of ['rbac', 'network'] as const) {
      expect(await line('legacy', kind).locator('.text').textContent()).toBe('not analysed yet');
      expect(await line('legacy', kind).evaluate((el) => el.tagName)).toBe('DIV');
    }
    // A failed analysis says so; the other one has its counts.
    expect(await line('staging', 'rbac').locator('.text').textContent()).toBe(`the analysis failed at scan #${failedScan}`);
    expect(await line('staging', 'rbac').getAttribute('title')).toBe('escalation graph: out of memory');
    expect(await line('staging', 'network').locator('.text').textContent()).toContain('3 of 4 namespaces without default deny');
    await page.screenshot({ path: join(shots, '9-overview-analysis.png'), fullPage: true });

    // Each line opens its view on that cluster (estate-copy, not the default estate).
    const copy = String((await service.store.clusterByName('estate-copy'))!.id);
    await line('estate-copy', 'network').click();
    await page.waitForSelector('table.namespaces');
    expect(await page.getAttribute('nav button[data-tab=network]', 'class')).toBe('active');
    expect(await page.inputValue('select[name=cluster]')).toBe(copy);
    await page.click('nav button[data-tab=overview]');
    await line('estate-copy', 'rbac').click();
    await expect.poll(() => page.textContent('.rbac .count')).toBe('9 paths');
    expect(await page.inputValue('select[name=cluster]')).toBe(copy);
    // The failed analysis opens on its error.
    await page.click('nav button[data-tab=overview]');
    await line('staging', 'rbac').click();
    await expect.poll(() => page.textContent('.rbac p.error')).toBe(`This analysis failed at scan #${failedScan}: escalation graph: out of memory`);

    expect(problems).toEqual([]);
    expect(external).toEqual([]);
    expect(statSync(join(shots, '9-overview-analysis.png')).size).toBeGreaterThan(5_000);
    await close();
  }, 120_000);

  it('RBAC paths: each subject\'s chain to cluster-admin with the grant behind every hop, filters, search, an older scan', async () => {
    const { page, problems, external, close } = await signIn();
    await page.click('nav button[data-tab=rbac]');
    await page.waitForSelector('table.paths');
    expect(await page.textContent('.rbac .count')).toBe('9 paths');
    const storefront = page.locator('tr[data-subject="ServiceAccount shop/storefront"][data-sink=cluster-admin]');
    const chain = await storefront.textContent();
    expect(chain).toContain('can create pods in ci');
    expect(chain).toContain('via RoleBinding ci/storefront-migrations → Role ci/migration-runner → rules[0]: create,get,delete pods in core');
    expect(chain).toContain('holds * on * in every API group cluster-wide (cluster-admin)');
    expect(chain).toContain('via ClusterRoleBinding ci-deployer-admin → ClusterRole cluster-admin → rules[0]: * * in *');
    expect(chain).toContain('exposed');
    expect(chain).toContain('runs Deployment shop/storefront');
    expect(await storefront.locator('.chain .node').allTextContents()).toEqual(['ServiceAccount shop/storefront', 'ServiceAccount ci/deployer', 'cluster-admin']);
    expect(await page.locator('.tiles .tile:has-text("to cluster-admin") b').textContent()).toBe('4');
    await page.screenshot({ path: join(shots, '5-rbac-paths.png'), fullPage: true });

    await page.selectOption('select[name=severity]', 'info');
    await expect.poll(() => page.textContent('.rbac .count')).toBe('2 paths');
    expect(await page.locator('tr[data-subject]').evaluateAll((rows) => [...new Set(rows.map((r) => r.getAttribute('data-subject')))])).toEqual(['ServiceAccount kube-system/replicaset-controller']);
    await page.selectOption('select[name=severity]', '');
    await page.fill('.rbac input[name=q]', 'nodes/proxy');
    await expect.poll(() => page.textContent('.rbac .count')).toBe('2 paths');
    expect(await page.locator('tr[data-subject="User jane"]').count()).toBe(2);
    await page.fill('.rbac input[name=q]', '');
    await page.selectOption('select[name=reaches]', 'cluster-admin');
    await page.selectOption('select[name=subject]', 'User jane');
    await expect.poll(() => page.textContent('.rbac .count')).toBe('1 paths');
    expect(await page.locator('tr[data-subject="User jane"] .via').allTextContents()).toEqual([
      'via ClusterRoleBinding jane-node-debugger → ClusterRole node-debugger → rules[0]: get nodes/proxy in core',
      'via ClusterRoleBinding ci-deployer-admin → ClusterRole cluster-admin → rules[0]: * * in *',
    ]);
    await page.screenshot({ path: join(shots, '6-rbac-filtered.png'), fullPage: true });

    // Yesterday's scan: jane had no path yet.
    await page.selectOption('select[name=subject]', '');
    await page.selectOption('select[name=reaches]', '');
    await page.selectOption('select[name=scan]', String(olderScan));
    await expect.poll(() => page.textContent('.rbac .count')).toBe('7 paths');
    expect(await page.locator('tr[data-subject="User jane"]').count()).toBe(0);
    // Another cluster starts at its newest scan (the older scan picked above is not asked of it).
    await page.selectOption('select[name=cluster]', { label: 'estate-copy' });
    await expect.poll(() => page.textContent('.rbac .count')).toBe('9 paths');
    expect(await page.inputValue('select[name=scan]')).toBe('');

    expect(problems).toEqual([]);
    expect(external).toEqual([]);
    await close();
  }, 120_000);

  it('network reachability: default deny per namespace, exposed workloads, the matrix and the connections with filters', async () => {
    const { page, problems, external, close } = await signIn();
    await page.click('nav button[data-tab=network]');
    await page.waitForSelector('table.namespaces');
    const cells = async (ns: string) => page.locator(`tr[data-namespace=${ns}] td`).allTextContents();
    // namespace, policies, default deny ingress, egress, workloads, not isolated, open to every namespace, from outside, from other namespaces
    expect(await cells('shop')).toEqual(['shop', '1', 'no', 'no', '2', '1', '1', '1', '1']);
    expect(await cells('payments')).toEqual(['payments', '2', 'yes', 'yes', '1', '0', '0', '0', '1']);
    expect(await cells('ci')).toEqual(['ci', '0', 'no', 'no', '1', '1', '1', '1', '1']);
    expect(await page.textContent('.tiles')).toContain('Calico enforces');
    expect(await page.locator('.tile:has-text("without default-deny ingress") b').textContent()).toBe('3 of 4');
    const storefront = await page.locator('tr[data-workload="shop/storefront[Deployment]"] td').allTextContents();
    expect(storefront).toEqual(['shop/storefront Deployment', 'no', 'All Connections', 'any address: All Connections', 'ci, kube-system', 'All Connections']);
    expect(await page.locator('tr[data-workload="shop/cart[Deployment]"]').count()).toBe(0);
    expect(await page.locator('table.matrix td.cell:not(.none)').count()).toBe(14);
    await page.screenshot({ path: join(shots, '7-network.png'), fullPage: true });

    // The shop → payments cell lists the one connection into payments.
    await page.click('table.matrix td[title^="shop → payments"]');
    await expect.poll(() => page.textContent('.netpol .count')).toBe('1 connections');
    expect(await page.locator('table.connections tbody tr td').allTextContents()).toEqual(['shop/cart[Deployment]', 'payments/payments-api[Deployment]', 'TCP 8443']);
    await page.click('.netpol button:has-text("clear")');
    await page.fill('input[name=port]', '9090/TCP');
    await page.selectOption('select[name=to]', 'shop');
    await expect.poll(() => page.locator('table.connections tbody tr').count()).toBe(5);
    expect(await page.locator('table.connections tbody tr:has-text("shop/storefront[Deployment]") td').allTextContents()).toContain('TCP 9090');
    await page.locator('h3:has-text("Namespace to namespace")').evaluate((el) => el.scrollIntoView({ block: 'start' }));
    await page.screenshot({ path: join(shots, '8-network-connections.png'), fullPage: false });
    expect(await page.locator('table.connections tbody tr:has-text("0.0.0.0-255.255.255.255") td').first().textContent()).toBe('0.0.0.0-255.255.255.255outside');
    // All workloads, cart included (isolated, reachable only from the storefront).
    await page.check('input[name=allWorkloads]');
    expect(await page.locator('tr[data-workload="shop/cart[Deployment]"] td').allTextContents()).toEqual(['shop/cart Deployment', 'yes', '–', '–', '–', 'All Connections']);

    expect(problems).toEqual([]);
    expect(external).toEqual([]);
    for (const f of ['5-rbac-paths.png', '6-rbac-filtered.png', '7-network.png', '8-network-connections.png']) expect(statSync(join(shots, f)).size).toBeGreaterThan(5_000);
    await close();
  }, 120_000);
});
