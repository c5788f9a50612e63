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

const QUOTE = 0x22;
const COMMA = 0x2c;
const CR = 0x0d;
const LF = 0x0a;

/**
 * Reads CSV as RFC 4180 writes it, and as spreadsheets export it: fields separated by commas, quoted with `"` when
 * they hold commas, quotes (doubled) or line breaks; lines ending in CRLF or LF; a UTF-8 byte order mark ignored.
 * Blank lines are skipped. The text comes in pieces of any size (a file read in chunks): `push` answers the records
 * that each piece completes, `end` the last one, so that a file of any length is read in the memory of one record.
 */
export class CsvReader {
  private fields: string[] = [];
  private field = '';
  /** Inside a quoted field. */
  private quoted = false;
  /** A quote inside a quoted field: the next character tells a doubled quote from the closing one. */
  private quoteInQuotes = false;
  /** Right after a closing quote, where only a comma or the end of the line may follow. */
  private closed = false;
  private atFieldStart = true;
  /** The last record ended with CR: an LF right after it belongs to that line break. */
  private afterCr = false;
  private started = false;
  private line = 1;
  private recordLine = 1;

  /**
   * The records completed by this piece of text. A field's plain characters are taken a run at a time (up to the
   * next comma, quote or line break), not one by one: a file of a hundred thousand rows would otherwise build each
   * field a character at a time, and its garbage would cost the import more than the parse.
   */
  push(text: string): CsvRecord[] {
    const records: CsvRecord[] = [];
    let i = 0;
    if (!this.started && text.length > 0) {
      this.started = true;
      if (text.charCodeAt(0) === 0xfeff) i = 1;
    }
    const n = text.length;
    while (i < n) {
      if (this.afterCr) {
        this.afterCr = false;
        if (text.charCodeAt(i) === LF) {
          i += 1;
          continue;
        }
      }
      if (this.quoted) {
        if (this.quoteInQuotes) {
          this.quoteInQuotes = false;
          if (text.charCodeAt(i) === QUOTE) {
            this.field += '"';
            i += 1;
            continue;
          }
          this.quoted = false;
          this.closed = true;
        } else {
          let j = i;
          for (; j < n; j++) {
            const code = text.charCodeAt(j);
            if (code === QUOTE) break;
            if (code === LF) this.line += 1;
          }
          if (j > i) this.field += text.slice(i, j);
          if (j < n) this.quoteInQuotes = true;
          i = j + 1;
          continue;
        }
      }
      const c = text.charCodeAt(i);
      if (this.closed) {
        this.closed = false;
        if (c !== COMMA && c !== LF && c !== CR)
          throw new CsvSyntaxError(
            this.line,
            `line ${this.line}: expected a comma or the end of the line after a closing quote, got ${JSON.stringify(text[i])}`,
          );
      }
      if (c === QUOTE && this.atFieldStart) {
        this.quoted = true;
        this.atFieldStart = false;
        i += 1;
      } else if (c === COMMA) {
        this.fields.push(this.field);
        this.field = '';
        this.atFieldStart = true;
        i += 1;
      } else if (c === CR || c === LF) {
        this.fields.push(this.field);
        this.emit(records);
        this.line += 1;
        this.recordLine = this.line;
        this.afterCr = c === CR;
        i += 1;
      } else {
        // A quote past a field's start is a plain character, as is anything up to the next comma or line break.
        let j = i + 1;
        for (; j < n; j++) {
          const code = text.charCodeAt(j);
          if (code === COMMA || code === CR || code === LF) break;
        }
        this.field += text.slice(i, j);
        this.atFieldStart = false;
        i = j;
      }
    }
    return records;
  }

  /** The last record, when the text does not end with a line break; fails on a quoted field left open. */
  end(): CsvRecord[] {
    if (this.quoted && !this.quoteInQuotes)
      throw new CsvSyntaxError(this.recordLine, `line ${this.recordLine}: a quoted field is not closed before the end of the file`);
    const records: CsvRecord[] = [];
    if (this.fields.length > 0 || this.field !== '') {
      this.fields.push(this.field);
      this.emit(records);
    }
    this.quoted = false;
    this.quoteInQuotes = false;
    return records;
  }

  private emit(records: CsvRecord[]): void {
    const fields = this.fields;
    this.fields = [];
    this.field = '';
    this.atFieldStart = true;
    this.closed = false;
    if (fields.length === 1 && fields[0] === '') return;
    records.push({ line: this.recordLine, fields });
  }
}

/** The records of a whole CSV text (see CsvReader). */
export function* parseCsv(text: string): Generator<CsvRecord> {
  const reader = new CsvReader();
  // In pieces, so that a long text's records are not all held at once.
  for (let i = 0; i < text.length; i += 65_536) yield* reader.push(text.slice(i, i + 65_536));
  yield* reader.end();
}

/** The records of a CSV text arriving in pieces (a file stream with an encoding), one at a time. */
export async function* readCsv(pieces: AsyncIterable<string>): AsyncGenerator<CsvRecord> {
  const reader = new CsvReader();
  for await (const piece of pieces) yield* reader.push(piece);
  yield* reader.end();
}
