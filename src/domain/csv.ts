/** One record of a CSV file, with the line it starts on (1-based), for errors that say where. */
export interface CsvRecord {
  line: number;
  fields: string[];
}

/** A CSV file that does not parse: an unclosed quote, or text after a closing quote. */
export class CsvSyntaxError extends Error {
  constructor(
    readonly line: number,
    message: string,
  ) {
    super(message);
  }
}

/**
 * Reads CSV as RFC 4180 writes it, and as spreadsheets export it: fields separated by commas, quoted with `"` when
 * they hold commas, quotes (doubled) or line breaks; lines ending in CRLF or LF; a UTF-8 byte order mark ignored.
 * Blank lines are skipped.
 */
export function* parseCsv(text: string): Generator<CsvRecord> {
  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  let line = 1;
  const n = text.length;
  while (i < n) {
    const start = line;
    const fields: string[] = [];
    let field = '';
    let quoted = false;
    let atFieldStart = true;
    for (;;) {
      if (i >= n) {
        if (quoted) throw new CsvSyntaxError(start, `line ${start}: a quoted field is not closed before the end of the file`);
        fields.push(field);
        break;
      }
      const c = text[i];
      if (quoted) {
        if (c === '"') {
          if (text[i + 1] === '"') {
            field += '"';
            i += 2;
          } else {
            quoted = false;
            i += 1;
            const next = text[i];
            if (i < n && next !== ',' && next !== '\n' && next !== '\r')
              throw new CsvSyntaxError(
                line,
                `line ${line}: expected a comma or the end of the line after a closing quote, got ${JSON.stringify(next)}`,
              );
          }
        } else {
          if (c === '\n') line += 1;
          field += c;
          i += 1;
        }
        continue;
      }
      if (c === '"' && atFieldStart) {
        quoted = true;
        atFieldStart = false;
        i += 1;
      } else if (c === ',') {
        fields.push(field);
        field = '';
        atFieldStart = true;
        i += 1;
      } else if (c === '\r' || c === '\n') {
        fields.push(field);
        i += c === '\r' && text[i + 1] === '\n' ? 2 : 1;
        line += 1;
        break;
      } else {
        field += c;
        atFieldStart = false;
        i += 1;
      }
    }
    if (fields.length === 1 && fields[0] === '') continue;
    yield { line: start, fields };
  }
}
