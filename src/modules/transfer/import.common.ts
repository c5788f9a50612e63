import { createReadStream } from 'node:fs';
import { AppError, ErrorCode } from '../../errors';

/** Formats `import` reads: hoego's own export, a spreadsheet CSV, Loop Habit Tracker. */
export const IMPORT_FORMATS = ['hoego', 'csv', 'loop'] as const;
export type ImportFormat = (typeof IMPORT_FORMATS)[number];

/** What an import did (or, with dryRun, would do): rows written, goals matched, and entries left out with why. */
export interface ImportSummary {
  format: ImportFormat;
  dryRun: boolean;
  created: Record<string, number>;
  matched: Record<string, number>;
  skipped: Array<{ where: string; reason: string }>;
}

/** A dry run goes through every check and write, then undoes them by failing on purpose with this. */
export class DryRun extends Error {
  constructor(readonly summary: ImportSummary) {
    super('dry run');
  }
}

/** BAD_USER_INPUT naming the file, the place in it and the field. */
export function fileError(file: string, where: string, message: string, details: Record<string, unknown> = {}): AppError {
  return new AppError(ErrorCode.BAD_USER_INPUT, `${file}: ${where}: ${message}`, { field: where, file, ...details });
}

/** A received value, short enough for an error message. */
export function describe(value: unknown): string {
  if (value === undefined) return 'nothing';
  const text = JSON.stringify(value);
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}

/**
 * Logs handed to the batch writer at a time, as many as one logProgressBatch takes: one import stays one
 * transaction, but what it holds in memory at once is one chunk's.
 */
export const IMPORT_CHUNK = 1000;

/** A text an import reads, opened afresh for each pass over it: a file on disk, or a request body spooled to one. */
export type TextSource = () => AsyncIterable<string>;

/** The text of a file on disk, read in pieces. */
export function fileText(path: string): TextSource {
  return () => createReadStream(path, { encoding: 'utf8', highWaterMark: 256 * 1024 });
}

/** Told how far an import has come: logs written so far of all the file holds. */
export type ImportProgress = (done: number, total: number) => void;
