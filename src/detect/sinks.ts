/** Where alerts go: stdout as JSON lines, a file (appended), an HTTP webhook with a Slack-compatible body. */
import { appendFileSync } from 'node:fs';
import type { Alert } from './engine.js';

export interface AlertSink {
  readonly name: string;
  /** Synchronous sinks throw when they could not keep the alert. */
  write(alerts: readonly Alert[]): void;
  close?(): Promise<void>;
}

export function stdoutSink(stream: NodeJS.WritableStream = process.stdout): AlertSink {
  return { name: 'stdout', write: (alerts) => void stream.write(alerts.map((a) => `${JSON.stringify(a)}\n`).join('')) };
}

export function fileSink(path: string): AlertSink {
  return { name: `file:${path}`, write: (alerts) => appendFileSync(path, alerts.map((a) => `${JSON.stringify(a)}\n`).join(''), { mode: 0o600 }) };
}

const EMOJI: Record<string, string> = { critical: ':rotating_light:', high: ':red_circle:', medium: ':large_orange_circle:', low: ':large_yellow_circle:', info: ':white_circle:' };

/** The Slack incoming-webhook body (`text` plus blocks); Mattermost and Teams' Slack mode accept it too. */
export function slackBody(alert: Alert): { text: string; blocks: unknown[] } {
  const text = `${EMOJI[alert.severity] ?? ''} [${alert.severity.toUpperCase()}] ${alert.ruleId} ${alert.title}: ${alert.message}`;
  const e = alert.evidence;
  const fields = [
    `*ATT&CK* ${alert.attack.join(', ')}`,
    `*users* ${e.users.join(', ') || '(none: failed authentication)'}`,
    `*source IPs* ${e.sourceIPs.join(', ')}`,
    `*events* ${e.count} (${e.firstSeen} → ${e.lastSeen})`,
    `*audit IDs* ${e.auditIDs.slice(0, 5).join(', ')}${e.auditIDs.length > 5 ? ' …' : ''}`,
  ];
  return { text, blocks: [{ type: 'section', text: { type: 'mrkdwn', text } }, { type: 'section', text: { type: 'mrkdwn', text: fields.join('\n') } }] };
}

/** Posts each alert; failures are reported through onError and never block ingestion. */
export function webhookSink(url: string, onError: (message: string) => void = (m) => process.stderr.write(`kubefort: alert webhook: ${m}\n`)): AlertSink {
  const pending = new Set<Promise<void>>();
  return {
    name: `webhook:${new URL(url).host}`,
    write(alerts) {
      for (const a of alerts) {
        const p = fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(slackBody(a)), signal: AbortSignal.timeout(10_000) })
          .then((r) => {
            if (!r.ok) onError(`${r.status} from ${url}`);
          })
          .catch((error: unknown) => onError(error instanceof Error ? error.message : String(error)))
          .finally(() => pending.delete(p));
        pending.add(p);
      }
    },
    async close() {
      await Promise.all([...pending]);
    },
  };
}
