import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ConnSet } from '../../src/analysis/netpol/conns.js';
import { compareConnlists, DOCUMENTED_DIFFERENCES, formatNetpolConformance, NETPOL_CORPUS as CORPUS, runNetpolConformance } from './netpol.js';

describe('NetworkPolicy conformance (np-guard netpol-analyzer connlists)', () => {
  it.skipIf(!existsSync(CORPUS))('agrees with every case, or the difference is documented', async () => {
    const result = await runNetpolConformance(CORPUS);
    process.stdout.write(formatNetpolConformance(result));
    expect(result.total).toBe(21);
    expect(result.diffs, 'undocumented differences').toEqual([]);
    expect(result.agreed).toBe(result.total);
  });

  it('documents each deliberate difference with the Kubernetes rule that decides it', () => {
    for (const d of DOCUMENTED_DIFFERENCES) {
      expect(d.rule.length).toBeGreaterThan(10);
      expect(d.reason.length).toBeGreaterThan(10);
    }
  });
});

describe('connlist comparison', () => {
  const line = (src: string, dst: string, conns: string) => ({ src, dst, conns: ConnSet.parse(conns) });

  it('treats split and merged external ranges, and All Connections, as equal', () => {
    const expected = [line('0.0.0.0-9.255.255.255[External]', 'a/x[Pod]', 'All Connections'), line('10.0.0.0-255.255.255.255[External]', 'a/x[Pod]', 'All Connections')];
    const actual = [line('0.0.0.0-255.255.255.255', 'a/x[Pod]', 'SCTP 1-65535,TCP 1-65535,UDP 1-65535')];
    expect(compareConnlists(expected, actual)).toMatchObject({ missing: [], extra: [] });
  });

  it('reports missing and extra (src, dst, protocol, port range) tuples', () => {
    const expected = [line('a/x[Pod]', 'a/y[Pod]', 'TCP 80,UDP 53'), line('10.0.0.0-10.255.255.255[External]', 'a/y[Pod]', 'TCP 443')];
    const actual = [line('a/x[Pod]', 'a/y[Pod]', 'TCP 80-81'), line('10.0.0.0-10.0.0.255[External]', 'a/y[Pod]', 'TCP 443')];
    const cmp = compareConnlists(expected, actual);
    expect(cmp.missing).toEqual(['- 10.0.1.0-10.255.255.255[External] => a/y[Pod] : TCP 443', '- a/x[Pod] => a/y[Pod] : UDP 53']);
    expect(cmp.extra).toEqual(['+ a/x[Pod] => a/y[Pod] : TCP 81']);
  });

  it('leaves self-connections out on both sides', () => {
    expect(compareConnlists([line('a/x[Pod]', 'a/x[Pod]', 'All Connections')], [])).toMatchObject({ missing: [], extra: [] });
  });
});
