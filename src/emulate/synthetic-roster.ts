/** A synthetic HR roster in the CSV format of docs/hr-format.md, for scale tests and the HR bench. */
export const HR_CSV_HEADER =
  'employee_id,email,name,status,worker_type,hire_date,termination_date,contract_end_date,department,manager_email,previous_department,transfer_date,aliases';

/** `rows` records (every tenth terminated, every seventh a contractor), as CSV bytes. */
export function syntheticRosterCsv(
  rows: number,
  options: { quoteEveryField: boolean; lineEnd: string },
): Buffer {
  const lines = [HR_CSV_HEADER];
  for (let index = 0; index < rows; index++) {
    const cells = [
      `E${index}`,
      `person${index}@acme.example`,
      `Person, ${index}`,
      index % 10 === 0 ? 'terminated' : 'active',
      index % 7 === 0 ? 'contractor' : 'employee',
      '2020-01-01',
      '',
      '2027-01-01',
      `dept-${index % 40}`,
      `manager${index % 100}@acme.example`,
      '',
      '2025-06-01',
      `github:person${index};upn:person${index}@corp.example`,
    ];
    lines.push(
      cells.map((cell) => (options.quoteEveryField || cell.includes(',') ? `"${cell}"` : cell)).join(','),
    );
  }
  return Buffer.from(lines.join(options.lineEnd));
}
