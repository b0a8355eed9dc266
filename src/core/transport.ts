/**
 * Where a secret may travel: over https to any host, over plain http only to this machine
 * (loopback: `localhost`, 127.0.0.0/8, `[::1]`), as to the emulators and a local SIEM forwarder.
 * A token, a password or a signed payload is never sent in clear across a network.
 */
const LOOPBACK_NAMES = new Set(['localhost', '[::1]', '::1']);

export function isLoopbackHost(hostname: string): boolean {
  const host = hostname.toLowerCase();
  return LOOPBACK_NAMES.has(host) || /^127(?:\.\d{1,3}){3}$/.test(host);
}

/** Why `what` must not be sent to `url`, or undefined. The message never repeats the URL. */
export function cleartextProblem(url: URL, what = 'the token'): string | undefined {
  if (url.protocol === 'https:') return undefined;
  if (url.protocol === 'http:' && isLoopbackHost(url.hostname)) return undefined;
  return `expected an https:// url (plain http only to this machine: localhost, 127.0.0.1, [::1]): ${what} must not travel in clear`;
}
