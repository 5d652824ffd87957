import { describe, expect, test } from 'vitest';
import { parseCommandLine, type CommandLineResult } from '../../src/console/parseCommandLine';

function line(text: string) {
  const result: CommandLineResult = parseCommandLine(text);
  if (!result.ok) throw new Error(`"${text}" did not parse: ${result.error}`);
  return result.line;
}

function error(text: string): string {
  const result = parseCommandLine(text);
  if (result.ok) throw new Error(`"${text}" parsed, but should not have: ${JSON.stringify(result.line)}`);
  return result.error;
}

describe('parseCommandLine: names and options', () => {
  test('GIVEN a bare command THEN its name comes without the slash, with no words or options', () => {
    expect(line('/levels')).toEqual({ name: 'levels', words: [], options: {} });
  });

  test('GIVEN name:value options THEN each is read, names in lower case and values as typed', () => {
    expect(line('/Levels INDEX:RUT date:2025-12-07')).toEqual({ name: 'levels', words: [], options: { index: 'RUT', date: '2025-12-07' } });
  });

  test('GIVEN spaces around and between the parts THEN they do not matter', () => {
    expect(line('   /levels    index:rut   ')).toEqual(line('/levels index:rut'));
  });

  test('GIVEN a value holding a colon THEN only the first colon separates name from value', () => {
    expect(line('/recaps set time:09:30').options).toEqual({ time: '09:30' });
  });

  test('GIVEN an empty value THEN the option is there, empty, for the command to judge', () => {
    expect(line('/levels index:').options).toEqual({ index: '' });
  });

  test('GIVEN option names that are also names on every object THEN they are ordinary options', () => {
    expect(line('/levels constructor:x toString:y').options).toEqual({ constructor: 'x', tostring: 'y' });
    expect(Object.keys(line('/levels __proto__:x').options)).toEqual(['__proto__']);
  });
});

describe('parseCommandLine: quoting', () => {
  test('GIVEN a quoted value THEN its spaces stay in the value', () => {
    expect(line('/levels index:"s&p 500"').options).toEqual({ index: 's&p 500' });
  });

  test('GIVEN the whole option quoted, or single quotes THEN it reads the same', () => {
    expect(line('/levels "index:s&p 500"').options).toEqual({ index: 's&p 500' });
    expect(line("/levels index:'s&p 500'").options).toEqual({ index: 's&p 500' });
  });

  test('GIVEN one kind of quote inside the other THEN it is kept as a character', () => {
    expect(line(`/levels index:"it's"`).options).toEqual({ index: "it's" });
  });

  test('GIVEN an empty quoted value THEN the value is empty', () => {
    expect(line('/levels index:""').options).toEqual({ index: '' });
  });

  test('GIVEN an unclosed quote THEN it says which quote is open', () => {
    expect(error('/levels index:"s&p 500')).toBe('unclosed " quote');
    expect(error("/levels index:'rut")).toBe("unclosed ' quote");
  });
});

describe('parseCommandLine: words', () => {
  test('GIVEN words before the options THEN they are the subcommand and any extra words, in lower case', () => {
    expect(line('/recaps SET channel:123 days:"sat sun"')).toEqual({
      name: 'recaps',
      words: ['set'],
      options: { channel: '123', days: 'sat sun' },
    });
    expect(line('/data reload now').words).toEqual(['reload', 'now']);
  });

  test('GIVEN a word after an option THEN it is refused, with how to write options', () => {
    expect(error('/levels index:s&p 500')).toBe('"500" is not an option; write name:value (quote values with spaces)');
  });
});

describe('parseCommandLine: errors', () => {
  test.each(['levels', 'levels index:rut', '/', '', '   '])('GIVEN %j, not a command THEN it says commands start with "/"', (text) => {
    expect(error(text)).toBe('commands start with "/", for example /levels index:rut (try /help)');
  });

  test('GIVEN one option twice, in any case THEN it says which', () => {
    expect(error('/levels index:rut INDEX:spx')).toBe('option "index" is given twice');
  });

  test('GIVEN "constructor" twice THEN it is a repeat like any other', () => {
    expect(error('/levels constructor:a constructor:b')).toBe('option "constructor" is given twice');
  });
});
