/**
 * The CLI side of attributable decisions (src/governance/signed-decision.ts): `--print-decision`
 * prints the text to sign; `--signature FILE` carries the signature. Required when
 * governance.signedDecisions is `required`; checked whenever given.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Command } from 'commander';
import type { GovernanceSettings } from '../config/schema.js';
import { InputError } from '../core/errors.js';
import { type ActorContext, resolveDecider } from '../governance/actor.js';
import { readAllowedSigners } from '../governance/allowed-signers.js';
import { DecisionRefused, isDecisionRefused, recordRefusal } from '../governance/refusal.js';
import { attributeDecision, decisionText } from '../governance/signed-decision.js';
import type { Db } from '../store/open.js';
import type { CliIo } from './io.js';

export interface SignedDecisionFlags {
  by: string;
  reason: string;
  signature?: string;
  printDecision?: boolean;
}

export function signedDecisionOptions(command: Command): Command {
  return command
    .option(
      '--signature <file>',
      'SSH signature of the decision text (ssh-keygen -Y sign -n nhiscan); required when governance.signedDecisions is required',
    )
    .option('--print-decision', 'print the decision text to sign, and decide nothing');
}

function readSignature(io: CliIo, file: string): string {
  try {
    return readFileSync(resolve(io.cwd, file), 'utf8');
  } catch (error) {
    throw new InputError(`cannot read the signature: ${(error as NodeJS.ErrnoException).code ?? 'error'}`, {
      file: resolve(io.cwd, file),
    });
  }
}

/**
 * 'printed' when --print-decision printed the text (decide nothing); the signature's facts for the
 * audit record when one was given and holds; undefined when none is needed. A missing or
 * non-attributing signature is refused and recorded.
 */
export function signedDecisionAttestation(
  io: CliIo,
  db: Db,
  input: {
    settings: GovernanceSettings;
    governance: ActorContext;
    flags: SignedDecisionFlags;
    decision: string;
    target: string;
    now: Date;
    fields?: Record<string, string>;
  },
): Record<string, unknown> | 'printed' | undefined {
  const { flags, settings } = input;
  const text = decisionText({
    decision: input.decision,
    target: input.target,
    by: flags.by,
    reason: flags.reason,
    extra: input.fields,
  });
  if (flags.printDecision) {
    io.stdout.write(text);
    return 'printed';
  }
  if (settings.signedDecisions !== 'required' && !flags.signature) return undefined;
  try {
    if (!flags.signature) {
      throw new DecisionRefused(
        'signature',
        'governance.signedDecisions is required: print the text with --print-decision, sign it with `ssh-keygen -Y sign -f KEY -n nhiscan FILE`, and pass --signature FILE.sig',
        '--signature',
      );
    }
    if (!settings.allowedSignersFile) {
      throw new InputError('a signed decision needs governance.allowedSignersFile to check it against', {
        key: 'governance.allowedSignersFile',
      });
    }
    const actor = resolveDecider(flags.by, input.governance);
    return {
      ...attributeDecision(
        actor,
        text,
        readSignature(io, flags.signature),
        readAllowedSigners(settings.allowedSignersFile),
        input.now,
      ),
    };
  } catch (error) {
    if (isDecisionRefused(error)) {
      recordRefusal(db, {
        time: input.now.toISOString(),
        given: flags.by,
        decision: input.decision,
        target: input.target,
        error,
      });
    }
    throw error;
  }
}
