/**
 * Renders the HTML report in Debian's Chromium (headless, offline) and takes a screenshot:
 * the page must load with no request leaving it, show the charts and the fix-first list.
 * Needs /usr/bin/chromium (`apt-get install -y chromium`); fails loudly without it.
 */
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { chromium } from 'playwright-core';
import { formatHtml } from '../../src/report/html.js';
import { DEFAULT_FORMAT_OPTIONS } from '../../src/report/formatter.js';
import { scanManifests } from '../../src/engine/scan.js';

const CHROMIUM = '/usr/bin/chromium';

describe('html report in Chromium', () => {
  it('renders offline, with charts and the fix-first list, and screenshots', { timeout: 60_000 }, async () => {
    if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: install it with "apt-get install -y chromium" (see .ci/run)`);
    const dir = mkdtempSync(join(tmpdir(), 'kf-html-'));
    const file = join(dir, 'report.html');
    writeFileSync(file, formatHtml(await scanManifests(['test/fixtures/risk'], { today: '2026-06-01' }), DEFAULT_FORMAT_OPTIONS));
    // A fresh profile per run.
    const browser = await chromium.launchPersistentContext(join(dir, 'profile'), {
      executablePath: CHROMIUM,
      headless: true,
      viewport: { width: 1200, height: 900 },
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    });
    try {
      const page = await browser.newPage();
      const requests: string[] = [];
      page.on('request', (r) => {
        if (!r.url().startsWith('file://')) requests.push(r.url());
      });
      const errors: string[] = [];
      page.on('pageerror', (e) => errors.push(e.message));
      await page.goto(`file://${file}`);
      expect(await page.title()).toBe('kubefort scan report');
      expect(await page.locator('svg').count()).toBe(2);
      expect(await page.locator('svg rect').count()).toBeGreaterThan(3);
      expect(await page.locator('h2', { hasText: 'Fix first' }).count()).toBe(1);
      expect(await page.locator('table').nth(1).locator('tr').nth(1).innerText()).toContain('shop/Deployment/storefront');
      const shot = await page.screenshot({ fullPage: true, path: join(dir, 'report.png') });
      expect(shot.subarray(1, 4).toString()).toBe('PNG');
      expect(shot.length).toBeGreaterThan(20_000);
      expect(requests).toEqual([]);
      expect(errors).toEqual([]);
    } finally {
      await browser.close();
    }
  });
});
