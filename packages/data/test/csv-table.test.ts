import { describe, expect, it } from 'vitest';
import { parseNumber, parseTable } from '../src/csv-table.js';
import { code } from './codes.js';

const fn = 'parseCSV';

describe('parseNumber', () => {
  it('accepts decimal numbers, NaN and infinities', () => {
    expect(parseNumber('12')).toBe(12);
    expect(parseNumber(' -1.5e-3 ')).toBe(-1.5e-3);
    expect(parseNumber('.5')).toBe(0.5);
    expect(parseNumber('5.')).toBe(5);
    expect(parseNumber('+3')).toBe(3);
    expect(parseNumber('1E3')).toBe(1000);
    expect(parseNumber('0.1')).toBe(0.1);
    expect(parseNumber('NaN')).toBeNaN();
    expect(parseNumber('nan')).toBeNaN();
    expect(parseNumber('Infinity')).toBe(Number.POSITIVE_INFINITY);
    expect(parseNumber('-inf')).toBe(Number.NEGATIVE_INFINITY);
    expect(parseNumber('007')).toBe(7);
  });
  it('rejects everything else', () => {
    for (const s of ['', '  ', 'abc', '0x10', '0b1', '0o7', '1,5', '1_000', '--1', '1e', 'e3', '.', '12abc', 'true']) {
      expect(parseNumber(s), s).toBeUndefined();
    }
  });
});

describe('parseTable', () => {
  it('reads a header, numeric features and the last column as int32 target', () => {
    const t = parseTable(fn, 'a,b,label\n1,2,0\n3.5,-4,1\n');
    expect(t.featureNames).toEqual(['a', 'b']);
    expect(t.targetName).toBe('label');
    expect(t.n).toBe(2);
    expect(t.d).toBe(2);
    expect(t.X).toBeInstanceOf(Float32Array);
    expect([...t.X]).toEqual([1, 2, 3.5, -4]);
    expect(t.y).toBeInstanceOf(Int32Array);
    expect([...t.y!]).toEqual([0, 1]);
    expect(t.targetNames).toBeNull();
  });

  it('handles quoted fields: delimiters, escaped quotes and line breaks inside quotes', () => {
    const text = 'x,"the ""y"", column",name\n"1,5",2,"a\nb"\n3,"4",c\n';
    const t = parseTable(fn, text, { target: null, columns: [1], dtype: 'float64' });
    expect(t.featureNames).toEqual(['the "y", column']);
    expect([...t.X]).toEqual([2, 4]);
    // The line break inside row 1's quoted cell shifts the next row to line 4.
    expect(() => parseTable(fn, text, { target: null, columns: ['x', 'name'] })).toThrow(code('FORMAT', 'parseCSV: line 2, column "x": expected a number, got "1,5"'));
    expect(() => parseTable(fn, text, { target: null, columns: ['name'] })).toThrow(expect.objectContaining({ code: 'FORMAT', message: expect.stringMatching(/^parseCSV: line 2, column "name": expected a number, got "a\\nb"/) }));
    expect(() => parseTable(fn, 'x,y,z\n1,2,"a\nb"\nq,4,c\n', { target: null, columns: ['x', 'y'] })).toThrow(code('FORMAT', 'parseCSV: line 4, column "x": expected a number, got "q"'));
  });

  it('keeps float64 values exactly and rounds float32 once', () => {
    const t64 = parseTable(fn, 'a,t\n0.1,0\n1e-310,1\n', { dtype: 'float64' });
    expect([...t64.X]).toEqual([0.1, 1e-310]);
    const t32 = parseTable(fn, 'a,t\n0.1,0\n', { dtype: 'float32' });
    expect(t32.X[0]).toBe(Math.fround(0.1));
  });

  it('CRLF line ends, a BOM, blank lines and no final newline', () => {
    const t = parseTable(fn, '\ufeffa,b\r\n1,2\r\n\r\n3,4', { target: 'b' });
    expect(t.featureNames).toEqual(['a']);
    expect([...t.X]).toEqual([1, 3]);
    expect([...t.y!]).toEqual([2, 4]);
    expect(() => parseTable(fn, 'a,b\r\n1,2\r\n\r\nx,4')).toThrow(code('FORMAT', 'parseCSV: line 4, column "a": expected a number'));
  });

  it('target by name, by index and negative index; columns select and order features', () => {
    const text = 'a,b,c,d\n1,2,3,0\n5,6,7,1\n';
    expect(parseTable(fn, text, { target: 'a' }).featureNames).toEqual(['b', 'c', 'd']);
    expect(parseTable(fn, text, { target: 1 }).featureNames).toEqual(['a', 'c', 'd']);
    expect(parseTable(fn, text, { target: -2 }).targetName).toBe('c');
    const t = parseTable(fn, text, { columns: ['c', 0] });
    expect(t.featureNames).toEqual(['c', 'a']);
    expect([...t.X]).toEqual([3, 1, 7, 5]);
    expect([...t.y!]).toEqual([0, 1]);
    const u = parseTable(fn, text, { target: null });
    expect(u.y).toBeNull();
    expect(u.targetName).toBeNull();
    expect(u.d).toBe(4);
  });

  it('header: false names columns by index and reads the first row as data', () => {
    const t = parseTable(fn, '1,2,0\n3,4,1\n', { header: false });
    expect(t.featureNames).toEqual(['0', '1']);
    expect(t.targetName).toBe('2');
    expect(t.n).toBe(2);
    expect(() => parseTable(fn, '1,2,0\n3,x,1\n', { header: false })).toThrow(code('FORMAT', 'parseCSV: line 2, column 1: expected a number, got "x"'));
    expect(() => parseTable(fn, '1,2,0\n', { header: false, target: 'label' })).toThrow(code('VALUE', 'parseCSV: target column "label" given by name, but header is false: use a column index (indices 0 … 2)'));
  });

  it('float targets with targetDtype, text labels with labels', () => {
    const reg = parseTable(fn, 'x,price\n1,2.5\n2,3.25\n', { targetDtype: 'float64' });
    expect(reg.y).toBeInstanceOf(Float64Array);
    expect([...reg.y!]).toEqual([2.5, 3.25]);
    const text = 'x,species\n1,virginica\n2,setosa\n3, versicolor\n4,setosa\n';
    const auto = parseTable(fn, text, { labels: 'auto' });
    expect(auto.targetNames).toEqual(['setosa', 'versicolor', 'virginica']);
    expect([...auto.y!]).toEqual([2, 0, 1, 0]);
    const given = parseTable(fn, text, { labels: ['virginica', 'setosa', 'versicolor'] });
    expect(given.targetNames).toEqual(['virginica', 'setosa', 'versicolor']);
    expect([...given.y!]).toEqual([0, 1, 2, 1]);
    expect(() => parseTable(fn, text, { labels: ['setosa', 'versicolor'] })).toThrow(code('FORMAT', 'parseCSV: line 2, column "species": expected one of the labels "setosa", "versicolor", got "virginica"'));
  });

  it('missing: "nan" reads empty feature cells as NaN', () => {
    const t = parseTable(fn, 'a,b,t\n1,,0\n,2,1\n', { missing: 'nan', dtype: 'float64' });
    expect([...t.X]).toEqual([1, Number.NaN, Number.NaN, 2]);
    expect(() => parseTable(fn, 'a,b,t\n1,,0\n')).toThrow(code('FORMAT', 'parseCSV: line 2, column "b": expected a number, got an empty cell'));
  });

  describe('errors name the function, the line and the column', () => {
    it('bad cells', () => {
      expect(() => parseTable(fn, 'mean radius,t\n1,0\nabc,1\n')).toThrow(code('FORMAT', 'parseCSV: line 3, column "mean radius": expected a number, got "abc"'));
      expect(() => parseTable(fn, 'a,t\n1,0\n2,0.5\n')).toThrow(code('FORMAT', `parseCSV: line 3, column "t": expected an integer class index (targetDtype 'int32'), got "0.5"; pass { targetDtype: 'float32' } (or 'float64') for a real-valued target`));
      expect(() => parseTable(fn, 'a,t\n1,0\n2,yes\n')).toThrow(code('FORMAT', `parseCSV: line 3, column "t": expected an integer class index (targetDtype 'int32'), got "yes"; pass { labels: 'auto' } for text class labels`));
      expect(() => parseTable(fn, 'a,t\n1,0\n2,3e9\n')).toThrow(expect.objectContaining({ code: 'FORMAT', message: expect.stringMatching(/line 3, column "t": expected an integer class index/) }));
      expect(() => parseTable(fn, 'a,t\n1,\n', { targetDtype: 'float32' })).toThrow(code('FORMAT', 'parseCSV: line 2, column "t": expected a number, got an empty cell'));
      expect(() => parseTable(fn, 'a,t\n1,\n', { labels: 'auto' })).toThrow(code('FORMAT', 'parseCSV: line 2, column "t": expected a class label, got an empty cell'));
    });
    it('empty input and header only', () => {
      expect(() => parseTable(fn, '')).toThrow(code('FORMAT', 'parseCSV: empty input: no rows (expected a header row and data rows)'));
      expect(() => parseTable(fn, '\n\n')).toThrow(code('FORMAT', 'parseCSV: empty input'));
      expect(() => parseTable(fn, 'a,b\n')).toThrow(code('FORMAT', 'parseCSV: no data rows after the header'));
    });
    it('ragged rows', () => {
      expect(() => parseTable(fn, 'a,b,t\n1,2,0\n1,2\n')).toThrow(code('FORMAT', 'parseCSV: line 3: expected 3 fields (as in the header), got 2 (ragged row)'));
      expect(() => parseTable(fn, '1,2,0\n1,2,3,4\n', { header: false })).toThrow(code('FORMAT', 'parseCSV: line 2: expected 3 fields (as in the first row), got 4 (ragged row)'));
    });
    it('malformed quotes', () => {
      expect(() => parseTable(fn, 'a,t\n1,0\n"2,1\n')).toThrow(code('FORMAT', 'parseCSV: line 3: malformed CSV: Quoted field unterminated'));
    });
    it('unknown, ambiguous and conflicting columns', () => {
      expect(() => parseTable(fn, 'a,b,c\n1,2,3\n', { target: 'label' })).toThrow(code('VALUE', 'parseCSV: unknown target column "label"; available columns: 0: "a", 1: "b", 2: "c"'));
      expect(() => parseTable(fn, 'a,b,c\n1,2,3\n', { target: 3 })).toThrow(code('VALUE', 'parseCSV: target column index 3 is out of range: the file has 3 columns (0: "a", 1: "b", 2: "c")'));
      expect(() => parseTable(fn, 'a,b,c\n1,2,3\n', { columns: ['z'] })).toThrow(code('VALUE', 'parseCSV: unknown feature column "z"; available columns'));
      expect(() => parseTable(fn, 'a,a,c\n1,2,3\n', { columns: ['a'] })).toThrow(code('VALUE', 'parseCSV: feature column "a" is ambiguous: the header names it more than once; use its index'));
      expect(() => parseTable(fn, 'a,b,c\n1,2,3\n', { columns: ['a', 'c'] })).toThrow(code('VALUE', 'parseCSV: columns includes the target column "c"'));
      expect(() => parseTable(fn, 'a,b,c\n1,2,3\n', { columns: ['a', 0] })).toThrow(code('VALUE', 'parseCSV: columns names column "a" twice'));
      expect(() => parseTable(fn, 'a\n1\n')).toThrow(code('VALUE', 'parseCSV: no feature columns: the header has 1 column and column "a" is the target'));
    });
    it('bad options', () => {
      expect(() => parseTable(fn, 'a,t\n1,0\n', { dtype: 'int32' as never })).toThrow(code('OPTION', `parseCSV: expected option 'dtype' to be one of "float32", "float64", got "int32"`));
      expect(() => parseTable(fn, 'a,t\n1,0\n', { targt: 'a' } as never)).toThrow(code('OPTION', "parseCSV: unknown option 'targt' (did you mean 'target'?)"));
      expect(() => parseTable(fn, 'a,t\n1,0\n', { target: 1.5 })).toThrow(code('OPTION', "parseCSV: expected option 'target' to be a column (a header name or an integer index) or null, got number 1.5"));
      expect(() => parseTable(fn, 'a,t\n1,0\n', { labels: 'auto', targetDtype: 'float32' })).toThrow(code('OPTION', `parseCSV: labels give int32 class indices, so targetDtype must be 'int32', got "float32"`));
      expect(() => parseTable(fn, 'a,t\n1,0\n', { delimiter: '"' })).toThrow(code('OPTION', "parseCSV: expected option 'delimiter' to be a non-empty string without quotes or line breaks"));
      expect(() => parseTable(fn, 42 as never)).toThrow(code('TYPE', 'parseCSV: expected the CSV text as a string, got number 42'));
    });
  });

  it('other delimiters', () => {
    const t = parseTable(fn, 'a;b;t\n1,5;2;0\n', { delimiter: ';', columns: ['b'] });
    expect([...t.X]).toEqual([2]);
    const tab = parseTable(fn, 'a\tt\n1\t0\n', { delimiter: '\t' });
    expect([...tab.X]).toEqual([1]);
  });
});
