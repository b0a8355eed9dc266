/**
 * Loads and validates nhiscan.yaml, including each source's provider options (validated by the
 * plugin's own schema). Every problem is reported with the file, line and key path; relative
 * paths in the config resolve against the config file's folder.
 */
import { readFileSync } from 'node:fs';
import { dirname, isAbsolute, resolve } from 'node:path';
import type { z } from 'zod';
import { loadPlugin, registeredPluginIds } from '../../scanners/index.js';
import type { PolicySettings } from '../core/config-types.js';
import { InputError, InputErrors } from '../core/errors.js';
import type { ScannerPlugin } from '../core/plugin.js';
import { type ScimOptions, scimOptionsSchema } from '../hr/scim/options.js';
import type { NotificationSettings } from '../notify/settings.js';
import { isPostgresTarget, passwordFor, postgresConfig } from '../store/postgres/target.js';
import {
  configSchema,
  type GovernanceSettings,
  type RawConfig,
  type RevocationSettings,
  type ScanSettings,
  type StoreSettings,
} from './schema.js';
import { parseYamlFile, yamlToData } from './yaml-document.js';
import { type FieldRule, yamlStringProblems } from './yaml-hygiene.js';
import { formatKeyPath, type KeyPath, lineOfPath } from './yaml-locations.js';

export interface SourceConfig {
  name: string;
  type: string;
  plugin: ScannerPlugin<unknown>;
  options: unknown;
  /** The config file's folder: relative paths in the options resolve against it. */
  baseDir: string;
}

export interface LoadedConfig {
  file: string;
  baseDir: string;
  dbPath: string;
  hr: RawConfig['hr'] & { path?: string; scim?: ScimOptions };
  sources: SourceConfig[];
  policy: PolicySettings;
  revocation: RevocationSettings;
  governance: GovernanceSettings;
  baselinePath: string | undefined;
  notifications: NotificationSettings | undefined;
  store: StoreSettings;
  scan: ScanSettings;
}

function describeIssue(issue: z.core.$ZodIssue): { path: KeyPath; message: string } {
  const path = issue.path.filter((segment): segment is string | number => typeof segment !== 'symbol');
  if (issue.code === 'unrecognized_keys') {
    const keys = issue.keys.join(', ');
    return { path: [...path, issue.keys[0] ?? ''], message: `unknown key ${keys}` };
  }
  return { path, message: issue.message };
}

/** Keys whose value is a file path (`path`, `db`, `baseline`, `kubeconfig`, `caFile`, `…File`). */
const PATH_KEYS = /^(path|db|baseline|kubeconfig|[A-Za-z]*File)$/;

/**
 * How a config string is held: identifiers where a value is matched (an actor's id, the
 * security contact), free text (at most 1,024 characters a line) everywhere else: paths (each
 * segment checked on its own), URLs, names, templates.
 */
function configRule(path: KeyPath): FieldRule {
  const key = formatKeyPath(path);
  if (/^governance\.actors\[\d+\]\.id$/.test(key) || key === 'notifications.securityContact')
    return { kind: 'id' };
  const last = path.at(-1);
  if (typeof last === 'string' && PATH_KEYS.test(last)) return { kind: 'text', path: true };
  return { kind: 'text' };
}

/**
 * `db`: a postgres:// URL, checked here (postgres/target.ts) so that a bad one is refused before
 * anything runs, or a SQLite file's path relative to the config's folder.
 */
function storeTarget(baseDir: string, db: string, password: string | undefined): string {
  if (password !== undefined && !isPostgresTarget(db))
    throw new InputError('dbPassword applies to a postgres:// db only', { key: 'dbPassword' });
  if (db === ':memory:') return db;
  if (!isPostgresTarget(db)) return resolveFrom(baseDir, db);
  postgresConfig(db, 'db');
  if (password !== undefined) passwordFor(db, password);
  return db;
}

export function resolveFrom(baseDir: string, path: string): string {
  return isAbsolute(path) ? path : resolve(baseDir, path);
}

export async function loadConfig(file: string): Promise<LoadedConfig> {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'file not found' : String(error);
    throw new InputError(`cannot read config: ${reason}`, { file });
  }
  const yaml = parseYamlFile(text, file);
  // Every string (secrets, NUL bytes, lengths) before the schema, whose messages may quote a value.
  const refused = yamlStringProblems(yaml, configRule);
  if (refused.length > 0) throw new InputErrors(refused);
  const raw: unknown = yamlToData(yaml) ?? {};
  const { document, lineCounter } = yaml;
  const errorAt = (path: KeyPath, message: string) =>
    new InputError(message, {
      file,
      line: lineOfPath(document, lineCounter, path),
      key: formatKeyPath(path),
    });

  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    throw new InputError(
      'expected a YAML mapping with keys hr, sources, and optionally db, policy, revocation, governance, baseline, notifications',
      {
        file,
      },
    );
  }
  const parsed = configSchema.safeParse(raw);
  if (!parsed.success) {
    throw new InputErrors(
      parsed.error.issues.map((issue) => {
        const { path, message } = describeIssue(issue);
        return errorAt(path, message);
      }),
    );
  }
  const config = parsed.data;
  const baseDir = dirname(resolve(file));
  const errors: InputError[] = [];
  const sources: SourceConfig[] = [];
  const names = new Map<string, number>();
  for (const [index, source] of config.sources.entries()) {
    const { type, name = type, ...options } = source;
    if (!registeredPluginIds().includes(type)) {
      errors.push(
        errorAt(
          ['sources', index, 'type'],
          `unknown source type ${JSON.stringify(type)}; expected one of: ${registeredPluginIds().join(', ')}`,
        ),
      );
      continue;
    }
    const earlier = names.get(name);
    if (earlier !== undefined) {
      errors.push(
        errorAt(
          ['sources', index, 'name'],
          `duplicate source name ${JSON.stringify(name)} (also sources[${earlier}]); give each source a unique name`,
        ),
      );
      continue;
    }
    names.set(name, index);
    const plugin = await loadPlugin(type);
    const result = plugin.optionsSchema.safeParse(options);
    if (!result.success) {
      for (const issue of result.error.issues) {
        const { path, message } = describeIssue(issue);
        errors.push(errorAt(['sources', index, ...path], message));
      }
      continue;
    }
    sources.push({ name, type, plugin, options: result.data, baseDir });
  }
  let scim: ScimOptions | undefined;
  if (config.hr.source === 'scim') {
    const { url, token, caFile, pageSize, filter, mapping } = config.hr;
    const result = scimOptionsSchema.safeParse({ url, token, caFile, pageSize, filter, mapping });
    if (result.success) scim = result.data;
    else
      for (const issue of result.error.issues) {
        const { path, message } = describeIssue(issue);
        errors.push(errorAt(['hr', ...path], message));
      }
  } else {
    for (const key of ['caFile', 'pageSize', 'filter', 'mapping'] as const)
      if (config.hr[key] !== undefined)
        errors.push(errorAt(['hr', key], `hr.${key} applies to hr.source scim only`));
  }
  if (errors.length > 0) throw new InputErrors(errors);

  return {
    file,
    baseDir,
    dbPath: storeTarget(baseDir, config.db, config.dbPassword),
    hr: {
      ...config.hr,
      path: config.hr.path ? resolveFrom(baseDir, config.hr.path) : undefined,
      ...(scim ? { scim } : {}),
    },
    sources,
    policy: config.policy,
    revocation: config.revocation,
    governance: {
      ...config.governance,
      ...(config.governance.allowedSignersFile
        ? { allowedSignersFile: resolveFrom(baseDir, config.governance.allowedSignersFile) }
        : {}),
    },
    baselinePath: config.baseline ? resolveFrom(baseDir, config.baseline) : undefined,
    notifications: config.notifications,
    store: config.store,
    scan: config.scan,
  };
}

/** Adds a source built in code (the demo's emulated providers), validated like one from the file. */
export async function addSource(config: LoadedConfig, raw: Record<string, unknown>): Promise<void> {
  const { type, name = type, ...options } = raw as { type: string; name?: string };
  if (config.sources.some((source) => source.name === name)) throw new Error(`duplicate source name ${name}`);
  const plugin = await loadPlugin(type);
  config.sources.push({
    name,
    type,
    plugin,
    options: plugin.optionsSchema.parse(options),
    baseDir: config.baseDir,
  });
}
