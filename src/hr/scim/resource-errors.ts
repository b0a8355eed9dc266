/**
 * Problems located at a SCIM resource: `https://…/Users, resource id 2819c223…, key <attribute path>: …`.
 * The roster rules (`validateRoster`) locate records by array index (`[3]`, key `[3].email`);
 * `relocate` turns those into the resource id and the attribute path the field was read from.
 */
import { InputError, InputErrors } from '../../core/errors.js';
import { shownName } from '../describe-value.js';
import { MAX_ERRORS } from '../errors.js';
import { inputProblem } from '../input-checks.js';
import type { PersonField } from '../person-schema.js';

export class ResourceErrors {
  readonly errors: InputError[] = [];

  /**
   * @param usersUrl `{url}/Users`, naming where the resources were read.
   * @param ids the id of each resource read, by index (null when it has none).
   * @param keyOf the attribute path each field is read from.
   */
  constructor(
    private readonly usersUrl: string,
    private readonly ids: readonly (string | null)[],
    private readonly keyOf: (field: PersonField) => string,
  ) {}

  /** `resource id X`, or `resource [7]` for a resource without an id or whose id is not shown. */
  resource(index: number): string {
    const id = this.ids[index];
    if (!id) return `resource [${index}] (no id)`;
    return shownName(id) === null || inputProblem(id, 'id') !== null
      ? `resource [${index}] (its id is not shown)`
      : `resource id ${id}`;
  }

  /** Refuses each resource whose id breaks the input limits (a secret, an invisible character…). */
  checkIds(): void {
    this.ids.forEach((id, index) => {
      const problem = id ? inputProblem(id, 'id') : null;
      if (problem) this.add(index, 'id', `the value ${problem}`);
    });
  }

  /** Records a problem of resource `index`; throws once MAX_ERRORS are held. */
  add(index: number, key: string, problem: string): void {
    this.push(
      new InputError(problem, { file: `${this.usersUrl}, ${this.resource(index)}`, ...(key ? { key } : {}) }),
    );
  }

  /** Takes the errors of `validateRoster` (run over records indexed like the resources), relocated. */
  addRoster(error: InputErrors): void {
    for (const item of error.errors) {
      const problem = item.problem.replace(
        /\((also at )?\[(\d+)\]\)/g,
        (_, also: string | undefined, index) => `(${also ?? ''}${this.resource(Number(index))})`,
      );
      const located = /^\[(\d+)\]\.(\w+)$/.exec(item.location.key ?? '');
      if (located) this.add(Number(located[1]), this.keyOf(located[2] as PersonField), problem);
      else this.push(new InputError(problem, { file: this.usersUrl }));
    }
  }

  throwIfAny(): void {
    if (this.errors.length > 0) throw new InputErrors(this.errors);
  }

  private push(error: InputError): void {
    this.errors.push(error);
    if (this.errors.length >= MAX_ERRORS) {
      const stop = new InputError(
        `too many errors: stopped after the first ${MAX_ERRORS - 1}, listed below; fix them and import again to see any more`,
        { file: this.usersUrl },
      );
      throw new InputErrors([stop, ...this.errors.slice(0, MAX_ERRORS - 1)]);
    }
  }
}
