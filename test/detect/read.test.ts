// The audit log reader on inputs that are not logs: binary data is one fatal problem (not a line of
// garbage per newline), read failures are fatal, and no message carries raw bytes.
import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { printable, readStream, type ReadProblem } from '../../src/detect/read.js';
import { raw } from './support.js';

async function read(data: Buffer | Buffer[]): Promise<{ events: number; problems: ReadProblem[] }> {
  const out = { events: 0, problems: [] as ReadProblem[] };
  await readStream(Readable.from(Array.isArray(data) ? data : [data]), 'f.log', { event: () => out.events++, problem: (p) => out.problems.push(p) });
  return out;
}

describe('audit log reader', () => {
  it('binary data: one fatal problem with the offset of the first NUL, nothing else read', async () => {
    const r = await read(Buffer.concat([Buffer.from('\x1b[2J\n'), Buffer.from([0xff, 0x00, 0x0a]), Buffer.from(`${JSON.stringify(raw())}\n`)]));
    expect(r).toEqual({ events: 0, problems: [{ file: 'f.log', line: 0, message: 'binary data (a NUL byte at offset 6), not an audit log', fatal: true }] });
  });

  it('a read failure is fatal; a bad line is not', async () => {
    const failing = new Readable({
      read() {
        this.destroy(new Error('EIO: i/o error, read'));
      },
    });
    const problems: ReadProblem[] = [];
    await readStream(failing, 'f.log', { event: () => undefined, problem: (p) => problems.push(p) });
    expect(problems).toEqual([{ file: 'f.log', line: 0, message: 'read failed: EIO: i/o error, read', fatal: true }]);
    const bad = await read(Buffer.from(`${JSON.stringify(raw())}\nnot json\n`));
    expect(bad.events).toBe(1);
    expect(bad.problems).toHaveLength(1);
    expect(bad.problems[0]?.fatal).toBeUndefined();
  });

  it('a bad line is named by an escaped, short excerpt', async () => {
    const r = await read(Buffer.from(`\x1b]0;title\x07${'x'.repeat(5000)}\n`));
    const message = r.problems[0]?.message ?? '';
    expect(message).toContain('\\u001b');
    expect(message).not.toMatch(/[\u0000-\u001f]/);
    expect(message.length).toBeLessThanOrEqual(220);
  });

  it('printable escapes controls, separators and bidi overrides, and cuts long text', () => {
    expect(printable('a\u0000b\u001bc\u007fd\u0085e\u2028f\u202eg\ufeffh')).toBe('a\\u0000b\\u001bc\\u007fd\\u0085e\\u2028f\\u202eg\\ufeffh');
    expect(printable('é ü ✓ 日本')).toBe('é ü ✓ 日本');
    expect(printable('x'.repeat(300))).toHaveLength(200);
  });
});
