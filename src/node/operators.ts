/** The closed set of operators a CIS row can use, each a pure function (tested one by one). */
import { parseDuration, splitList } from '../components/flags.js';
import type { FileOperator, ValueOperator } from '../components/cis/types.js';
import type { Setting } from '../components/component.js';
import { formatMode } from './facts.js';

const BOOLEAN = /^(true|false)$/i;

function norm(value: string): string {
  return BOOLEAN.test(value) ? value.toLowerCase() : value;
}

export function isLoopback(address: string): boolean {
  let host = address.trim();
  const bracket = /^\[([^\]]+)\](?::\d+)?$/.exec(host);
  if (bracket !== null) host = bracket[1] ?? '';
  else if ((host.match(/:/g) ?? []).length === 1) host = host.slice(0, host.indexOf(':'));
  return host === 'localhost' || host === '::1' || /^127\.\d+\.\d+\.\d+$/.test(host);
}

/** Does the setting satisfy the operator? `value` is the effective value, `explicit` whether it was set. */
export function applyValue(op: ValueOperator, setting: Pick<Setting, 'value' | 'explicit'>): boolean {
  const { value } = setting;
  switch (op.op) {
    case 'eq':
      return value !== undefined && norm(value) === norm(op.value);
    case 'neq':
      return value === undefined || norm(value) !== norm(op.value);
    case 'set':
      return setting.explicit;
    case 'unset':
      return !setting.explicit;
    case 'has':
      return value !== undefined && splitList(value).includes(op.item);
    case 'lacks':
      return value === undefined || !splitList(value).includes(op.item);
    case 'gte':
      return value !== undefined && /^-?\d+(\.\d+)?$/.test(value.trim()) && Number(value) >= op.value;
    case 'within': {
      if (value === undefined) return false;
      const items = splitList(value);
      return items.length > 0 && items.every((i) => op.allowed.includes(i));
    }
    case 'nonzero-duration': {
      if (value === undefined) return false;
      const ms = parseDuration(value);
      return ms !== undefined && ms > 0;
    }
    case 'loopback':
      return value !== undefined && isLoopback(value);
  }
}

export function describeValue(op: ValueOperator): string {
  switch (op.op) {
    case 'eq':
      return `= ${op.value}`;
    case 'neq':
      return `not ${op.value}`;
    case 'set':
      return 'set';
    case 'unset':
      return 'not set';
    case 'has':
      return `includes ${op.item}`;
    case 'lacks':
      return `does not include ${op.item}`;
    case 'gte':
      return `>= ${op.value}`;
    case 'within':
      return `only ${op.allowed.join(', ')}`;
    case 'nonzero-duration':
      return 'a non-zero duration';
    case 'loopback':
      return 'a loopback address (127.0.0.1, ::1, localhost)';
  }
}

export interface FileOwner {
  readonly mode: number;
  readonly user: string;
  readonly group: string;
}

export function applyFile(op: FileOperator, file: FileOwner): boolean {
  switch (op.op) {
    case 'mode-at-most':
      return (file.mode & 0o7777 & ~op.mode) === 0;
    case 'owner':
      return file.user === op.user && file.group === op.group;
  }
}

export function describeFile(op: FileOperator): string {
  switch (op.op) {
    case 'mode-at-most':
      return `mode ${formatMode(op.mode)} or stricter`;
    case 'owner':
      return `owned by ${op.user}:${op.group}`;
  }
}
