/**
 * The dashboard in Debian's Chromium (playwright-core, headless, no sandbox, no background
 * networking): sign in, overview with scores and trend, filter and search findings, open one,
 * watch a live audit alert arrive. Screenshots go to $KUBEFORT_SCREENSHOTS (default: a temp dir).
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { launchChromium } from './browser.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/server/config.js';
import type { ScanFunction } from '../../src/server/scanner.js';
import { startService, type Service } from '../../src/server/service.js';
import { finding, scanResult } from './fixtures.js';

const TOKEN = 'kf_dashboard-test-token-0123456789';
const shots = process.env.KUBEFORT_SCREENSHOTS ?? mkdtempSync(join(tmpdir(), 'kubefort-screenshots-'));
const tmp = mkdtempSync(join(tmpdir(), 'kubefort-dashboard-'));

const prodFindings = () => [
  finding('p1', { severity: 'critical', checkId: 'KF-W-001', title: 'Privileged container', namespace: 'payments', name: 'api' }),
  finding('p2', { severity: 'high', checkId: 'KF-R-001', area: 'rbac', kind: 'ClusterRole', namespace: '', name: 'ops-all', title: 'Wildcard RBAC rule' }),
  finding('p3', { severity: 'medium', checkId: 'KF-W-010', title: 'No resource limits', namespace: 'payments', name: 'worker' }),
  finding('p4', { severity: 'low', checkId: 'KF-N-002', area: 'network', kind: 'Namespace', namespace: '', name: 'payments', title: 'Namespace without NetworkPolicy' }),
];

describe('dashboard in Chromium', () => {
  let service: Service;
  let browser: Browser;
  beforeAll(async () => {
    const webRoot = join(tmp, 'web');
    execFileSync(process.execPath, ['node_modules/vite/bin/vite.js', 'build', '--config', 'web/vite.config.ts', '--outDir', webRoot], { stdio: 'pipe' });
    const scan: ScanFunction = async (source) => scanResult(source.context === 'prod' ? prodFindings() : [finding('s1', { severity: 'high', namespace: 'web', name: 'frontend' })], { checks: ['KF-W-001', 'KF-R-001', 'KF-W-010', 'KF-N-002', 'KF-W-002', 'KF-R-002'] });
    const config = parseConfig({ storage: `sqlite:${join(tmp, 'db.sqlite')}`, dataDir: join(tmp, 'data'), tokens: [{ name: 'ui', value: TOKEN }], scheduler: { tickSeconds: 0.1 }, clusters: [{ name: 'prod', context: 'prod' }, { name: 'staging', context: 'staging' }] });
    service = await startService({ config, port: 0, scan, webRoot, print: () => undefined });
    // A week of history for prod before the scheduled scan.
    const prod = await service.store.clusterByName('prod');
    for (let d = 7; d >= 1; d--) {
      const extra = Array.from({ length: d }, (_, i) => finding(`old-${i}`, { severity: 'medium', name: `legacy-${i}` }));
      await service.store.recordScan(prod!.id, scanResult([...prodFindings().slice(0, 2), ...extra], { startedAt: new Date(Date.now() - d * 86_400_000).toISOString(), checks: ['KF-W-001', 'KF-R-001', 'KF-W-010', 'KF-N-002', 'KF-W-002', 'KF-R-002'] }), { trigger: 'scheduled' });
    }
    const deadline = Date.now() + 15_000;
    while ((await service.store.scans({ limit: 100 })).filter((s) => s.trigger === 'scheduled' && s.instance !== null).length < 2 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    browser = await launchChromium();
    mkdirSync(shots, { recursive: true });
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await service?.close();
    rmSync(tmp, { recursive: true, force: true });
  });

  it('signs in, shows scores and the trend, filters findings, opens one, and shows a live alert', async () => {
    const context = await browser.newContext({ ignoreHTTPSErrors: true, viewport: { width: 1280, height: 860 } });
    const page = await context.newPage();
    const problems: string[] = [];
    page.on('console', (m) => { if (m.type() === 'error') problems.push(m.text()); });
    page.on('pageerror', (e) => problems.push(e.message));
    const external: string[] = [];
    page.on('request', (r) => { if (!r.url().startsWith(service.url)) external.push(r.url()); });

    const res = await page.goto(service.url);
    expect(res?.headers()['content-security-policy']).toContain("default-src 'self'");
    await page.fill('#token', 'kf_wrong-token-000000000000000000');
    await page.click('button[type=submit]');
    await expect.poll(() => page.textContent('.login .error')).toContain('refused');
    await page.fill('#token', TOKEN);
    await page.click('button[type=submit]');
    await page.waitForSelector('article.cluster[data-cluster=prod] .trend canvas');
    expect(await page.textContent('article.cluster[data-cluster=prod] header')).toContain('4 open');
    expect(await page.locator('article.cluster[data-cluster=prod] .area').count()).toBeGreaterThanOrEqual(2);
    await page.screenshot({ path: join(shots, '1-overview.png'), fullPage: true });

    await page.click('nav button:has-text("findings")');
    await expect.poll(() => page.textContent('.count')).toBe('5 findings');
    await page.selectOption('select[name=severity]', 'critical');
    await expect.poll(() => page.textContent('.count')).toBe('1 findings');
    await page.selectOption('select[name=severity]', '');
    await page.fill('input[name=q]', 'wildcard');
    await expect.poll(() => page.textContent('.count')).toBe('1 findings');
    await page.fill('input[name=q]', '');
    await expect.poll(() => page.textContent('.count')).toBe('5 findings');
    await page.screenshot({ path: join(shots, '2-findings.png'), fullPage: true });
    await page.click('tr.row:has-text("Privileged container")');
    await page.waitForSelector('aside.detail');
    const detail = await page.textContent('aside.detail');
    expect(detail).toContain('set securityContext.privileged to false');
    expect(detail).toContain('spec.containers[0].securityContext.privileged');
    expect(detail).toContain('cis-1.12 5.2.2');
    await page.screenshot({ path: join(shots, '3-finding.png'), fullPage: true });
    await page.click('aside.detail .close');

    await page.click('nav button:has-text("alerts")');
    await page.waitForSelector('.alerts');
    await page.waitForTimeout(500);
    await service.app.inject({ method: 'POST', url: '/api/v1/clusters/prod/audit', headers: { authorization: `Bearer ${TOKEN}` }, payload: { kind: 'EventList', items: [] } });
    await service.store.addAlerts((await service.store.clusterByName('prod'))!.id, [{ ruleId: 'KF-D-EXEC', severity: 'high', message: 'jane exec into payments/api "sh": session opened', eventTime: new Date().toISOString() }]);
    await page.waitForSelector('.alerts li:has-text("KF-D-EXEC")', { timeout: 10_000 });
    await page.screenshot({ path: join(shots, '4-alerts.png'), fullPage: true });

    // The one expected error: the wrong token's 401.
    expect(problems.filter((p) => !p.includes('status of 401'))).toEqual([]);
    expect(external).toEqual([]);
    for (const f of readdirSync(shots).filter((n) => n.endsWith('.png'))) expect(statSync(join(shots, f)).size).toBeGreaterThan(5_000);
    await context.close();
  }, 120_000);
});
