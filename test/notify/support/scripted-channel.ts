/**
 * A strict fake NoticeChannel: answers `send` from a script (an outcome, or an error to throw)
 * and records the digest ids sent. A send past the end of the script fails the test; `unused`
 * lists answers never asked for.
 */
import type { ChannelOutcome, Digest, NoticeChannel } from '../../../src/notify/channels/types.js';

export type ScriptedAnswer = ChannelOutcome | { throws: unknown };

export class ScriptedChannel implements NoticeChannel {
  readonly name = 'scripted';
  readonly kind = 'webhook';
  readonly target = 'http://receiver.invalid';
  readonly sent: number[] = [];
  private readonly answers: ScriptedAnswer[];

  constructor(answers: ScriptedAnswer[]) {
    this.answers = [...answers];
  }

  get unused(): ScriptedAnswer[] {
    return [...this.answers];
  }

  async send(digest: Digest, _signal: AbortSignal): Promise<ChannelOutcome> {
    this.sent.push(digest.id);
    const answer = this.answers.shift();
    if (!answer) throw new Error(`unexpected send of digest ${digest.id}: the script is exhausted`);
    if ('throws' in answer) throw answer.throws;
    return answer;
  }
}
