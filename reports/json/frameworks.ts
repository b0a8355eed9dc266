/** The JSON report's `frameworks`: the catalogue a finding's compliance labels name (src/policy/compliance.ts). */
import {
  complianceLabel,
  FRAMEWORK_IDS,
  FRAMEWORKS,
  type Framework,
  itemUrl,
} from '../../src/policy/compliance.js';
import type { ReportFramework } from './types.js';

/** Every framework and item a finding's label can name, in catalogue order (the same in every report). */
export function reportFrameworks(): ReportFramework[] {
  return FRAMEWORK_IDS.map((id) => {
    const framework: Framework = FRAMEWORKS[id];
    return {
      id,
      name: framework.name,
      url: framework.url,
      items: Object.entries(framework.items).map(([item, name]) => ({
        label: complianceLabel({ framework: id, id: item }),
        id: item,
        name,
        url: itemUrl({ framework: id, id: item }),
      })),
    };
  });
}
