/**
 * Dates of a generated estate, written relative to its as-of day: "created 400 days ago" becomes
 * a timestamp 400 UTC days before as-of. Whole days are what the rules compare.
 */
const MS_PER_DAY = 86_400_000;

const twoDigits = (value: number) => (value < 10 ? `0${value}` : String(value));

export class Calendar {
  private readonly midnight: number;
  /** `YYYY-MM-DD` by day offset: an estate reuses a few thousand days a hundred thousand times. */
  private readonly days = new Map<number, string>();

  constructor(readonly asOf: string) {
    this.midnight = Date.parse(`${asOf}T00:00:00Z`);
  }

  /** `YYYY-MM-DD`, `days` after as-of (negative: before it). */
  date(days: number): string {
    let text = this.days.get(days);
    if (text === undefined) {
      text = new Date(this.midnight + days * MS_PER_DAY).toISOString().slice(0, 10);
      this.days.set(days, text);
    }
    return text;
  }

  /** `YYYY-MM-DDTHH:MM:SSZ` on the day `days` after as-of (negative: before it), `second` (0–86399) into it. */
  timestamp(days: number, second = 0): string {
    const hours = Math.floor(second / 3600);
    const minutes = Math.floor((second % 3600) / 60);
    return `${this.date(days)}T${twoDigits(hours)}:${twoDigits(minutes)}:${twoDigits(second % 60)}Z`;
  }

  /** A timestamp `days` before as-of. */
  ago(days: number, second = 0): string {
    return this.timestamp(-days, second);
  }
}
