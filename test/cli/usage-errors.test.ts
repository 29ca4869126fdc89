import { describe, expect, it } from 'vitest';
import { kubefort } from '../support/cli.js';

/** A usage mistake prints commander's one-line error and where the usage is, as kubectl does: not the whole help. */
describe('usage errors', () => {
  it.each([
    [['scan', '--bogus'], "error: unknown option '--bogus'\n(run kubefort scan --help for usage)\n"],
    [['--bogus'], "error: unknown option '--bogus'\n(run kubefort --help for usage)\n"],
    [['rbac', 'who-can', '--bogus'], "error: unknown option '--bogus'\n(run kubefort rbac who-can --help for usage)\n"],
    [['scan', '-o'], "error: option '-o, --output <format>' argument missing\n(run kubefort scan --help for usage)\n"],
  ])('kubefort %j: one line and the hint, exit 2', (args, stderr) => {
    const run = kubefort(args);
    expect(run.code).toBe(2);
    expect(run.stderr).toBe(stderr);
    expect(run.stdout).toBe('');
  });

  it('an unknown command still suggests the near one', () => {
    const run = kubefort(['nod']);
    expect(run.code).toBe(2);
    expect(run.stderr).toBe("error: unknown command 'nod'\n(Did you mean node?)\n(run kubefort --help for usage)\n");
  });

  it('--help is still the whole help, exit 0', () => {
    const run = kubefort(['scan', '--help']);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('Usage: kubefort scan [options] [paths...]');
    expect(run.stdout).toContain('--fail-on <severity>');
  });
});
