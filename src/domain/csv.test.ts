import { CsvSyntaxError, parseCsv } from './csv';

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
