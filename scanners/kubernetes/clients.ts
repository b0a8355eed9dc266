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
import { isLoopbackHost } from '../../src/core/transport.js';
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

/** The kubeconfig path: the option (relative to the config's folder), else $KUBECONFIG's first entry. */
export function kubeconfigPath(options: KubernetesOptions, baseDir: string): string {
  const given = options.kubeconfig ?? process.env.KUBECONFIG?.split(':').find((entry) => entry !== '');
  if (!given)
    throw new InputError('kubernetes: no kubeconfig: set the source option kubeconfig or $KUBECONFIG');
  return isAbsolute(given) ? given : resolve(baseDir, given);
}

/**
 * Reads the kubeconfig into `config`; an InputError naming the file when it cannot be read or is
 * not a kubeconfig (exit 2: fix the input), never a partial scan. The parser's message is not
 * repeated: it quotes the file's lines, and a kubeconfig holds tokens.
 */
function loadKubeconfig(config: KubeConfig, path: string): void {
  try {
    config.loadFromFile(path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const mark = (error as { mark?: { line?: number } }).mark;
    const problem = code
      ? `cannot read the kubeconfig (${code})`
      : (error as Error).name === 'YAMLException'
        ? 'the kubeconfig is not valid YAML'
        : // The client's own checks name the missing field (`clusters[0].name is missing`); a
          // TypeError from an empty file says nothing a person could act on.
          `expected a kubeconfig (clusters, users and contexts)${error instanceof TypeError ? '' : `: ${(error as Error).message}`}`;
    throw new InputError(
      `kubernetes: ${problem}`,
      { file: path, ...(mark?.line !== undefined ? { line: mark.line + 1 } : {}) },
      { cause: error },
    );
  }
}

/** Throws ContextRefused for an unknown context or a token bound for plain http off loopback. */
export function contextClients(path: string, context: string): ContextClients {
  const config = new KubeConfig();
  loadKubeconfig(config, path);
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
  if (url.protocol === 'http:' && !isLoopbackHost(url.hostname))
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
