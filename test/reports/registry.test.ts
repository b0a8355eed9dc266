import { readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { loadReportFormat, reportFormatIds } from '../../reports/index.js';

describe('report format registry', () => {
  it('registers one format per folder under reports/, each loading to its own id', async () => {
    const folders = readdirSync(new URL('../../reports/', import.meta.url), { withFileTypes: true })
      .filter((entry) => entry.isDirectory())
      .map((entry) => entry.name)
      .sort();
    expect([...reportFormatIds()].sort()).toEqual(folders);
    const fileNames = new Set<string>();
    for (const id of reportFormatIds()) {
      const format = (await loadReportFormat(id))!;
      expect(format.id).toBe(id);
      fileNames.add(format.fileName);
    }
    expect(fileNames.size).toBe(reportFormatIds().length);
  });
});
