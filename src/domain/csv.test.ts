import { CsvReader, CsvSyntaxError, parseCsv, readCsv } from './csv';

const parse = (text: string) => [...parseCsv(text)];

describe('parseCsv', () => {
  it('reads plain and quoted fields, doubled quotes, commas and line breaks inside quotes', () => {
    expect(parse('a,b,c\r\n1,"x, y","say ""hi"""\n2,"two\nlines",\n')).toEqual([
      { line: 1, fields: ['a', 'b', 'c'] },
      { line: 2, fields: ['1', 'x, y', 'say "hi"'] },
      { line: 3, fields: ['2', 'two\nlines', ''] },
    ]);
  });

  it('skips a byte order mark and blank lines, and reads a last line without a line break', () => {
    expect(parse('\ufeffdate,goal\n\n2021-05-01,운동')).toEqual([
      { line: 1, fields: ['date', 'goal'] },
      { line: 3, fields: ['2021-05-01', '운동'] },
    ]);
  });

  it('says on which line a quote is left open or followed by text', () => {
    expect(() => parse('a\n"open\nstill')).toThrow(
      new CsvSyntaxError(2, 'line 2: a quoted field is not closed before the end of the file'),
    );
    expect(() => parse('a,b\n"x"y,2')).toThrow('line 2: expected a comma or the end of the line after a closing quote, got "y"');
  });
});

describe('CsvReader', () => {
  const TEXT = '\ufeffa,b,c\r\n1,"x, y","say ""hi"""\r\n\r\n2,"two\r\nlines",\n3,,"end"';

  it('reads a text cut anywhere (inside quotes, between CR and LF, after a quote) as it reads the whole', () => {
    const whole = parse(TEXT);
    expect(whole).toHaveLength(4);
    for (let cut = 0; cut <= TEXT.length; cut++) {
      for (const step of [1, 2, 3]) {
        const reader = new CsvReader();
        const records = [...reader.push(TEXT.slice(0, cut))];
        for (let i = cut; i < TEXT.length; i += step) records.push(...reader.push(TEXT.slice(i, i + step)));
        records.push(...reader.end());
        expect({ cut, step, records }).toEqual({ cut, step, records: whole });
      }
    }
  });

  it('reads pieces from an async source and fails where the whole text would', async () => {
    async function* pieces(...parts: string[]) {
      for (const part of parts) yield part;
    }
    const records = [];
    for await (const record of readCsv(pieces('date,go', 'al\n2021-0', '5-01,"A', ', B"\n'))) records.push(record);
    expect(records).toEqual([
      { line: 1, fields: ['date', 'goal'] },
      { line: 2, fields: ['2021-05-01', 'A, B'] },
    ]);
    const failing = async () => {
      for await (const record of readCsv(pieces('a\n"op', 'en\nstill'))) void record;
    };
    await expect(failing()).rejects.toThrow('line 2: a quoted field is not closed before the end of the file');
  });
});
