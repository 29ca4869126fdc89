/** The command of `kubectl exec`, decoded from the repeated `command=` query parameters of requestURI. */
export function execCommand(requestURI: string): string {
  const q = requestURI.indexOf('?');
  if (q === -1) return '';
  const parts: string[] = [];
  for (const [k, v] of new URLSearchParams(requestURI.slice(q + 1))) if (k === 'command') parts.push(v);
  return parts.join(' ');
}
