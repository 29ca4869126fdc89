/**
 * Audit events as managed clusters' log exporters deliver them. EKS writes plain audit events to
 * CloudWatch (read as JSON lines, or inside the `events` / `logEvents` of `aws logs` output and of
 * subscription records, as `message` strings); AKS diagnostic settings wrap each event as a string
 * in `properties.log` (one record per line in a storage account, `records: [...]` from Event Hubs);
 * GKE rewrites it into a Cloud Logging entry (`protoPayload`, a `google.cloud.audit.AuditLog`), from
 * which an event is rebuilt as far as the entry allows (see gkeEvent).
 *
 * Only values that are not audit events reach this code (the reader tries an Event first), so plain
 * logs pay nothing for it.
 */

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);

/** What is inside a wrapper: values to read as events (or further wrappers), with a label for messages. */
export type Unwrapped = { readonly values: readonly { readonly value: unknown; readonly where: string }[] } | { readonly problem: string };

function parseInner(text: string, where: string): { value: unknown; where: string } | { problem: string } {
  try {
    return { value: JSON.parse(text) as unknown, where };
  } catch (error) {
    return { problem: `${where} is not JSON: ${error instanceof Error ? error.message : String(error)}` };
  }
}

function fromStrings(items: readonly unknown[], field: string, inner: string): Unwrapped {
  const values: { value: unknown; where: string }[] = [];
  for (let i = 0; i < items.length; i++) {
    const item = items[i];
    const text = isObj(item) ? str(item[inner]) : undefined;
    if (text === undefined) {
      values.push({ value: item, where: `${field}[${i}]` });
      continue;
    }
    const parsed = parseInner(text, `${field}[${i}].${inner}`);
    if ('problem' in parsed) return parsed;
    values.push(parsed);
  }
  return { values };
}

/** The values inside a known exporter wrapper, or undefined when `value` is not one. */
export function unwrapManaged(value: unknown): Unwrapped | undefined {
  if (!isObj(value)) return undefined;
  const proto = value['protoPayload'];
  if (isObj(proto) && (proto['serviceName'] === 'k8s.io' || (str(proto['methodName']) ?? '').startsWith('io.k8s.'))) {
    const event = gkeEvent(value, proto);
    return typeof event === 'string' ? { problem: `GKE audit entry: ${event}` } : { values: [{ value: event, where: 'protoPayload' }] };
  }
  // AKS: a diagnostic record (kube-audit, kube-audit-admin) holds the event as a string.
  const properties = value['properties'];
  if (isObj(properties) && typeof properties['log'] === 'string') {
    const parsed = parseInner(properties['log'], 'properties.log');
    return 'problem' in parsed ? parsed : { values: [parsed] };
  }
  if (Array.isArray(value['records'])) return fromStrings(value['records'], 'records', 'message');
  // EKS: CloudWatch subscription data (logEvents) and `aws logs filter-log-events|get-log-events` output (events).
  if (Array.isArray(value['logEvents'])) return fromStrings(value['logEvents'], 'logEvents', 'message');
  if (Array.isArray(value['events']) && value['kind'] === undefined) return fromStrings(value['events'], 'events', 'message');
  const message = value['message'];
  if (typeof message === 'string' && message.trimStart().startsWith('{')) {
    const parsed = parseInner(message, 'message');
    return 'problem' in parsed ? parsed : { values: [parsed] };
  }
  return undefined;
}

/** google.rpc.Code → HTTP status, as the API server would have answered. */
const GRPC_TO_HTTP: Readonly<Record<number, number>> = { 1: 499, 2: 500, 3: 400, 4: 504, 5: 404, 6: 409, 7: 403, 8: 429, 9: 400, 10: 409, 11: 400, 12: 501, 13: 500, 14: 503, 15: 500, 16: 401 };
const VERSION = /^v\d+((alpha|beta)\d+)?$/;
const STREAMING = new Set(['exec', 'attach', 'portforward']);

/**
 * Rebuilds an audit event from a GKE Cloud Logging entry (as Falco's k8saudit-gke plugin does, plus
 * the response code). `methodName` is `io.k8s.<group>.<version>.<resource>[.<subresource>].<verb>`
 * and `resourceName` `<group>/<version>[/namespaces/<ns>]/<resource>[/<name>[/<subresource>]]`
 * (`core` for the core group). Not in the entry, so absent from the event: the user's groups and
 * extra, forwarded source IPs, the original audit ID (the entry's operation id is used) and the
 * query string (an exec's command is taken from the logged request when it is there).
 * Returns a problem string when the entry is not a Kubernetes API request.
 */
export function gkeEvent(entry: Obj, proto: Obj): Obj | string {
  const method = str(proto['methodName']) ?? '';
  const segments = method.split('.');
  const verb = segments[segments.length - 1] ?? '';
  if (!method.startsWith('io.k8s.') || verb === '') return `methodName ${JSON.stringify(method)} is not io.k8s.<group>.<version>.<resource>.<verb>`;
  const v = segments.findIndex((s, i) => i >= 2 && VERSION.test(s));
  const resource = v === -1 ? '' : (segments[v + 1] ?? '');
  const subresource = v === -1 || v + 3 >= segments.length ? '' : (segments[v + 2] ?? '');
  const resourceName = str(proto['resourceName']) ?? '';
  const parts = resourceName.split('/');
  const group = parts[0] === 'core' ? '' : (parts[0] ?? '');
  const version = parts[1] ?? '';
  let rest = parts.slice(2);
  let namespace = '';
  if (rest[0] === 'namespaces' && rest.length >= 3 && resource !== 'namespaces') {
    namespace = rest[1] ?? '';
    rest = rest.slice(2);
  }
  // rest: resource[/name[/subresource]]
  const name = rest.length >= 2 ? (rest[1] ?? '') : '';
  const status = isObj(proto['status']) ? proto['status'] : {};
  const response = isObj(proto['response']) ? proto['response'] : undefined;
  const grpc = typeof status['code'] === 'number' ? status['code'] : 0;
  let code = verb === 'create' ? 201 : 200;
  if (response !== undefined && response['kind'] === 'Status' && Number.isSafeInteger(response['code'])) code = response['code'] as number;
  else if (grpc !== 0) code = GRPC_TO_HTTP[grpc] ?? 500;
  const request = isObj(proto['request']) ? proto['request'] : undefined;
  // A successful exec/attach/portforward is a 101 at ResponseStarted for the API server.
  const streaming = STREAMING.has(subresource) && code < 300;
  if (streaming) code = 101;
  let uri = resourceName === '' ? '/' : `/${group === '' ? 'api' : `apis/${group}`}/${version}/${parts.slice(2).join('/')}`;
  const command = request?.['command'];
  if (subresource === 'exec' && Array.isArray(command) && command.every((c) => typeof c === 'string')) uri += `?${command.map((c) => `command=${encodeURIComponent(c)}`).join('&')}`;
  const metadata = isObj(proto['requestMetadata']) ? proto['requestMetadata'] : {};
  const auth = isObj(proto['authenticationInfo']) ? proto['authenticationInfo'] : {};
  const labels = isObj(entry['labels']) ? entry['labels'] : {};
  const annotations: Record<string, string> = {};
  for (const [k, val] of Object.entries(labels)) if (typeof val === 'string') annotations[k] = val;
  const authz = Array.isArray(proto['authorizationInfo']) ? proto['authorizationInfo'][0] : undefined;
  if (annotations['authorization.k8s.io/decision'] === undefined && isObj(authz) && typeof authz['granted'] === 'boolean') annotations['authorization.k8s.io/decision'] = authz['granted'] ? 'allow' : 'forbid';
  const time = str(entry['timestamp']) ?? str(entry['receiveTimestamp']);
  const operation = isObj(entry['operation']) ? entry['operation'] : {};
  const auditID = str(operation['id']) ?? str(entry['insertId']) ?? '';
  const username = str(auth['principalEmail']) ?? '';
  const ip = str(metadata['callerIp']);
  const strip = (body: Obj | undefined): Obj | undefined => {
    if (body === undefined) return undefined;
    const { '@type': _type, ...rest } = body;
    return rest;
  };
  return {
    kind: 'Event',
    apiVersion: 'audit.k8s.io/v1',
    level: request !== undefined || response !== undefined ? 'RequestResponse' : 'Metadata',
    auditID,
    stage: streaming ? 'ResponseStarted' : 'ResponseComplete',
    requestURI: uri,
    verb,
    user: username === '' ? {} : { username },
    ...(ip === undefined ? {} : { sourceIPs: [ip] }),
    ...(str(metadata['callerSuppliedUserAgent']) === undefined ? {} : { userAgent: str(metadata['callerSuppliedUserAgent']) }),
    ...(resource === '' ? {} : { objectRef: { resource, ...(subresource === '' ? {} : { subresource }), ...(namespace === '' ? {} : { namespace }), ...(name === '' ? {} : { name }), apiGroup: group, apiVersion: version } }),
    responseStatus: { code, ...(typeof status['message'] === 'string' && status['message'] !== '' ? { message: status['message'] } : {}) },
    ...(request === undefined ? {} : { requestObject: strip(request) }),
    ...(response === undefined ? {} : { responseObject: strip(response) }),
    ...(time === undefined ? {} : { requestReceivedTimestamp: time, stageTimestamp: time }),
    annotations,
  };
}
