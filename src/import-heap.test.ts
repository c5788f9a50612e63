import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { importNodeFlags, runsWith } from './import-heap';

describe('importNodeFlags', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'hoego-heap-'));
    writeFileSync(join(dir, 'sheet.csv'), 'x'.repeat(3 * 2 ** 20));
    writeFileSync(join(dir, 'Loop.db'), Buffer.concat([Buffer.from('SQLite format 3\u0000', 'latin1'), Buffer.alloc(2 ** 20)]));
    writeFileSync(join(dir, 'Loop.zip'), Buffer.concat([Buffer.from('PK\u0003\u0004', 'latin1'), Buffer.alloc(2 ** 20)]));
    writeFileSync(join(dir, 'export.json'), '{}');
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('sizes the old generation from the file for the formats that stream', () => {
    expect(importNodeFlags(['import', 'csv', join(dir, 'sheet.csv'), '--user', 'a'])).toEqual([
      '--max-semi-space-size=2',
      '--max-old-space-size=120',
    ]);
    expect(importNodeFlags(['import', 'loop', join(dir, 'Loop.db'), '--user', 'a'])).toEqual([
      '--max-semi-space-size=2',
      '--max-old-space-size=105',
    ]);
  });

  it('leaves the old generation unbounded for files read whole, and a file it cannot read to the import', () => {
    expect(importNodeFlags(['import', 'loop', join(dir, 'Loop.zip'), '--user', 'a'])).toEqual(['--max-semi-space-size=2']);
    expect(importNodeFlags(['import', 'loop', dir, '--user', 'a'])).toEqual(['--max-semi-space-size=2']);
    expect(importNodeFlags(['import', 'hoego', join(dir, 'export.json'), '--user', 'a'])).toEqual(['--max-semi-space-size=2']);
    expect(importNodeFlags(['import', 'csv', join(dir, 'missing.csv'), '--user', 'a'])).toEqual(['--max-semi-space-size=2']);
  });

  it('asks for nothing for other commands and for help', () => {
    expect(importNodeFlags(['users', 'list'])).toEqual([]);
    expect(importNodeFlags(['import', 'csv', '--help'])).toEqual([]);
    expect(importNodeFlags([])).toEqual([]);
  });

  it('tells whether a process runs with every flag', () => {
    expect(runsWith(['--a', '--b'], ['--b', '--x', '--a'])).toBe(true);
    expect(runsWith(['--a', '--b'], ['--a'])).toBe(false);
  });
});
