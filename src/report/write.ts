/**
 * Writes a run's reports next to each other: report.json (checked against its schema first), report.md and
 * report.html. junit.xml is vitest's own, written by its reporter during the run.
 */
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { KcsError } from '../errors.ts';
import { renderMarkdown } from './markdown.ts';
import type { Report } from './report.ts';
import { reportSchemaErrors } from './report-schema.ts';
import { renderReportHtml } from './report-html.ts';

export const REPORT_FILES = { json: 'report.json', markdown: 'report.md', html: 'report.html' } as const;

/** The files written, in the order above. Throws KCS_REPORT when the report does not match its schema. */
export async function writeReports(report: Report, dir: string): Promise<string[]> {
  const errors = reportSchemaErrors(report);
  if (errors.length > 0)
    throw new KcsError('KCS_REPORT', `report.json does not match its schema: ${errors.join('; ')}`);
  const files = [
    join(dir, REPORT_FILES.json),
    join(dir, REPORT_FILES.markdown),
    join(dir, REPORT_FILES.html),
  ];
  await writeFile(files[0]!, `${JSON.stringify(report, null, 2)}\n`);
  await writeFile(files[1]!, renderMarkdown(report));
  await writeFile(files[2]!, renderReportHtml(report));
  return files;
}
