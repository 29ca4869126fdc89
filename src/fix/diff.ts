/** A unified diff of two texts by lines (LCS), with 3 lines of context, as `diff -u` prints it. */

type Op = { readonly kind: ' ' | '-' | '+'; readonly line: string };

function lines(text: string): string[] {
  const out = text.split('\n');
  if (out[out.length - 1] === '') out.pop();
  return out;
}

function ops(a: readonly string[], b: readonly string[]): Op[] {
  // Trim the common head and tail first: fixes touch a few lines of long files.
  let head = 0;
  while (head < a.length && head < b.length && a[head] === b[head]) head++;
  let tail = 0;
  while (tail < a.length - head && tail < b.length - head && a[a.length - 1 - tail] === b[b.length - 1 - tail]) tail++;
  const A = a.slice(head, a.length - tail);
  const B = b.slice(head, b.length - tail);
  const n = A.length;
  const m = B.length;
  const lcs: number[][] = Array.from({ length: n + 1 }, () => new Array<number>(m + 1).fill(0));
  for (let i = n - 1; i >= 0; i--) for (let j = m - 1; j >= 0; j--) (lcs[i] as number[])[j] = A[i] === B[j] ? ((lcs[i + 1] as number[])[j + 1] as number) + 1 : Math.max((lcs[i + 1] as number[])[j] as number, (lcs[i] as number[])[j + 1] as number);
  const out: Op[] = a.slice(0, head).map((line) => ({ kind: ' ', line }));
  let i = 0;
  let j = 0;
  while (i < n || j < m) {
    if (i < n && j < m && A[i] === B[j]) out.push({ kind: ' ', line: A[i++] as string }), j++;
    else if (j < m && (i === n || ((lcs[i] as number[])[j + 1] as number) >= ((lcs[i + 1] as number[])[j] as number))) out.push({ kind: '+', line: B[j++] as string });
    else out.push({ kind: '-', line: A[i++] as string });
  }
  for (const line of a.slice(a.length - tail)) out.push({ kind: ' ', line });
  return out;
}

export function unifiedDiff(file: string, before: string, after: string, context = 3): string {
  if (before === after) return '';
  const all = ops(lines(before), lines(after));
  const name = file.replace(/^\/+/, '');
  const out = [`--- a/${name}`, `+++ b/${name}`];
  let k = 0;
  while (k < all.length) {
    if (all[k]?.kind === ' ') {
      k++;
      continue;
    }
    // A hunk: from `context` lines before this change to `context` lines after the last change within reach.
    let start = Math.max(0, k - context);
    let end = k;
    while (end < all.length) {
      let next = end;
      while (next < all.length && all[next]?.kind !== ' ') next++;
      let gap = next;
      while (gap < all.length && all[gap]?.kind === ' ') gap++;
      if (gap < all.length && gap - next <= 2 * context) end = gap;
      else {
        end = Math.min(all.length, next + context);
        break;
      }
    }
    let aLine = 1;
    let bLine = 1;
    for (let x = 0; x < start; x++) {
      if (all[x]?.kind !== '+') aLine++;
      if (all[x]?.kind !== '-') bLine++;
    }
    const hunk = all.slice(start, end);
    const aCount = hunk.filter((o) => o.kind !== '+').length;
    const bCount = hunk.filter((o) => o.kind !== '-').length;
    out.push(`@@ -${aCount === 0 ? aLine - 1 : aLine},${aCount} +${bCount === 0 ? bLine - 1 : bLine},${bCount} @@`);
    for (const o of hunk) out.push(`${o.kind}${o.line}`);
    k = end;
    start = end;
  }
  return `${out.join('\n')}\n`;
}
