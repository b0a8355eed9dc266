/**
 * The official client (@kubernetes/client-node) for one kubeconfig context: CoreV1Api and
 * RbacAuthorizationV1Api, and the per-call options that carry an AbortSignal (and a patch's
 * content type). A context whose cluster is plain http to anything but a loopback address is
 * refused before any call: its bearer token would cross a network in the clear.
 */
import { isAbsolute, resolve } from 'node:path';
import {
  type ConfigurationOptions,
  CoreV1Api,
  KubeConfig,
  Observable,
  type ObservableMiddleware,
  RbacAuthorizationV1Api,
} from '@kubernetes/client-node';
import { InputError } from '../../src/core/errors.js';
import type { KubernetesOptions } from './options.js';

export interface ContextClients {
  context: string;
  core: CoreV1Api;
  rbac: RbacAuthorizationV1Api;
}

/** Why a context cannot be read at all (missing, or unsafe to send its token to). */
export class ContextRefused extends Error {
  override readonly name = 'ContextRefused';
}

const LOOPBACK_HOSTS = new Set(['127.0.0.1', 'localhost', '[::1]', '::1']);

/** The kubeconfig path: the option (relative to the config's folder), else $KUBECONFIG's first entry. */
export function kubeconfigPath(options: KubernetesOptions, baseDir: string): string {
  const given = options.kubeconfig ?? process.env.KUBECONFIG?.split(':').find((entry) => entry !== '');
  if (!given)
    throw new InputError('kubernetes: no kubeconfig: set the source option kubeconfig or $KUBECONFIG');
  return isAbsolute(given) ? given : resolve(baseDir, given);
}

/** Throws ContextRefused for an unknown context or a token bound for plain http off loopback. */
export function contextClients(path: string, context: string): ContextClients {
  const config = new KubeConfig();
  config.loadFromFile(path);
  if (!config.getContextObject(context))
    throw new ContextRefused(`the kubeconfig has no context ${JSON.stringify(context)}`);
  config.setCurrentContext(context);
  const server = config.getCurrentCluster()?.server ?? '';
  let url: URL;
  try {
    url = new URL(server);
  } catch {
    throw new ContextRefused(`the cluster of context ${context} has no valid server URL`);
  }
  if (url.protocol === 'http:' && !LOOPBACK_HOSTS.has(url.hostname))
    throw new ContextRefused(
      `the cluster of context ${context} is plain http to ${url.host}: refused, a token is sent over http only to a loopback address`,
    );
  if (url.protocol !== 'http:' && url.protocol !== 'https:')
    throw new ContextRefused(`the cluster of context ${context} is not http(s): ${url.protocol}`);
  return {
    context,
    core: config.makeApiClient(CoreV1Api),
    rbac: config.makeApiClient(RbacAuthorizationV1Api),
  };
}

/** Per-call options: the call is sent with `signal` (and, when given, this Content-Type). */
export function callOptions(signal: AbortSignal, contentType?: string): ConfigurationOptions {
  const middleware: ObservableMiddleware = {
    pre: (request) => {
      request.setSignal(signal);
      if (contentType) request.setHeaderParam('Content-Type', contentType);
      return new Observable(Promise.resolve(request));
    },
    post: (response) => new Observable(Promise.resolve(response)),
  };
  return { middleware: [middleware], middlewareMergeStrategy: 'append' };
}
