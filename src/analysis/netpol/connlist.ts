/**
 * Connection lists in the conventions of connectivity analysers (np-guard
 * netpol-analyzer): one line `src => dst : conns`, workloads as `ns/name[Kind]`,
 * external ranges as `a.b.c.d-e.f.g.h[External]`, `All Connections` or
 * `TCP 8080,UDP 53`; and the same as json, csv, markdown and Graphviz dot.
 */
import type { Edge } from './engine.js';

export const CONNLIST_FORMATS = ['txt', 'json', 'csv', 'md', 'dot'] as const;
export type ConnlistFormat = (typeof CONNLIST_FORMATS)[number];

export function isConnlistFormat(value: string): value is ConnlistFormat {
  return (CONNLIST_FORMATS as readonly string[]).includes(value);
}

function csvField(value: string): string {
  return /[",\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

function dotString(value: string): string {
  return `"${value.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
}

export function formatConnlist(edges: readonly Edge[], format: ConnlistFormat): string {
  switch (format) {
    case 'txt':
      return edges.map((e) => `${e.src} => ${e.dst} : ${e.conns.toString()}`).join('\n') + (edges.length > 0 ? '\n' : '');
    case 'json':
      return `${JSON.stringify(
        edges.map((e) => ({ src: e.src, dst: e.dst, conn: e.conns.toString() })),
        null,
        2,
      )}\n`;
    case 'csv':
      return ['src,dst,conn', ...edges.map((e) => [e.src, e.dst, e.conns.toString()].map(csvField).join(','))].join('\n') + '\n';
    case 'md':
      return ['| src | dst | conn |', '|-----|-----|------|', ...edges.map((e) => `| ${e.src} | ${e.dst} | ${e.conns.toString()} |`)].join('\n') + '\n';
    case 'dot': {
      const nodes = [...new Set(edges.flatMap((e) => [e.src, e.dst]))].sort();
      const lines = ['digraph {'];
      for (const n of nodes) {
        const external = n.endsWith('[External]');
        lines.push(`\t${dotString(n)} [label=${dotString(n)} color="${external ? 'red2' : 'blue'}" fontcolor="${external ? 'red2' : 'blue'}"]`);
      }
      for (const e of edges) lines.push(`\t${dotString(e.src)} -> ${dotString(e.dst)} [label=${dotString(e.conns.toString())} color="gold2" fontcolor="darkgreen"]`);
      lines.push('}');
      return `${lines.join('\n')}\n`;
    }
  }
}

/** Parses the text format back into (src, dst, conns text) triples; lines that are not connections are skipped. */
export function parseConnlist(text: string): { src: string; dst: string; conns: string }[] {
  const out: { src: string; dst: string; conns: string }[] = [];
  for (const line of text.split(/\r?\n/)) {
    const m = /^\s*(\S+)\s+=>\s+(\S+)\s+:\s+(.+?)\s*$/.exec(line);
    if (m !== null) out.push({ src: m[1] as string, dst: m[2] as string, conns: m[3] as string });
  }
  return out;
}
