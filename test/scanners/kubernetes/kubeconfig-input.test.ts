/**
 * A kubeconfig that cannot be read or is not one is input to fix (exit 2), named by file and never
 * quoted (it holds tokens), not a partial scan of each of its contexts.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { contextClients } from '../../../scanners/kubernetes/clients.js';
import { InputError } from '../../../src/core/errors.js';
import { temporaryDirectory } from '../../support/temporary-directory.js';

describe('a kubeconfig that is not one', () => {
  const dir = temporaryDirectory();
  afterAll(() => dir.remove());
  const refusal = (path: string) => {
    try {
      contextClients(path, 'prod');
    } catch (error) {
      return [error instanceof InputError, (error as Error).message];
    }
    return [false, 'no error'];
  };

  it('names the file and why, never its content', () => {
    const missing = join(dir.path, 'missing.yaml');
    expect(refusal(missing)).toEqual([true, `${missing}: kubernetes: cannot read the kubeconfig (ENOENT)`]);
    const empty = join(dir.path, 'empty.yaml');
    writeFileSync(empty, '');
    expect(refusal(empty)).toEqual([
      true,
      `${empty}: kubernetes: expected a kubeconfig (clusters, users and contexts)`,
    ]);
    const broken = join(dir.path, 'broken.yaml');
    writeFileSync(broken, 'users:\n- name: ci\n  user:\n    token: "s3cr3t-token-value\n  bad: [\n');
    // The parser's own message quotes the lines around the error: the token would be among them.
    expect(refusal(broken)).toEqual([
      true,
      `${broken}, line 6: kubernetes: the kubeconfig is not valid YAML`,
    ]);
  });
});
