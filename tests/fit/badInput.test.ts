/**
 * Bad input: every bad row is counted under its reason with its line number
 * and a sample, the fit goes on without it below the threshold and stops
 * with every line named above it, and nothing is lost: rows read = rows used
 * + bad rows. Headers, formats, quoting and time zones as documented in
 * scenarios/README.md ("History files").
 */
import { describe, expect, it } from 'vitest';
import { parseColumnMap } from '../../simulator/fit/columns.js';
import { fitHistoryText } from '../../simulator/fit/fitHistory.js';
import {
  type HistoryContact,
  HistoryError,
  type HistoryOptions,
  readHistoryText,
} from '../../simulator/fit/historyReader.js';

const HEADER = 'created,channel,first_reply,resolved,handle_time,abandoned,abandoned_at';
const good = (k: number) =>
  `2024-01-0${1 + (k % 7)}T${String(8 + (k % 10)).padStart(2, '0')}:00:00Z,${k % 2 ? 'phone' : 'chat'},2024-01-0${1 + (k % 7)}T${String(8 + (k % 10)).padStart(2, '0')}:00:30Z,,${60 + k},no,`;
const BAD = [
  'not a time,phone,,,,no,', // line 3: time
  '2024-01-01T09:10:00Z,phone,2024-01-01T09:00:00Z,,,no,', // 4: first_reply before created
  '2024-01-01T09:20:00Z,fax,,,,no,', // 5: not one of --channels
  '2024-01-01T09:30:00Z,phone,,,,no', // 6: 6 fields
  '2024-01-01T09:40:00Z,phone,,,,maybe,', // 7: not yes/no
  '"2024-01-01T09:50:00Z","chat","2024-01-01T09:50:05Z",,"95",no,', // 8: good, quoted
  '2024-01-01T10:00:00Z,,,,,no,', // 9: empty channel
  '2024-01-01T10:10:00Z,phone,,2024-01-01T10:00:00Z,,no,', // 10: resolved before created
  '2024-01-01T10:20:00Z,phone,,,-5,no,', // 11: negative handle time
  '2024-02-30T10:20:00Z,phone,,,,no,', // 12: 30 February
];
const TEXT = [HEADER, good(0), ...BAD, ...Array.from({ length: 200 }, (_, k) => good(k + 1))].join(
  '\n',
);

function read(text: string, options: HistoryOptions = {}, source?: string) {
  const contacts: HistoryContact[] = [];
  const summary = readHistoryText(text, options, (c) => contacts.push(c), source);
  return { contacts, summary };
}

describe('bad rows', () => {
  const { contacts, summary } = read(TEXT, { channels: ['phone', 'chat'], maxBadShare: 0.1 });
  const group = (reason: string) => summary.bad.groups.find((g) => g.reason === reason);

  it('accounts for every row: used + bad = read', () => {
    expect(summary.rows).toBe(1 + BAD.length + 200);
    expect(summary.used + summary.bad.total).toBe(summary.rows);
    expect(contacts.length).toBe(summary.used);
    expect(summary.bad.total).toBe(9);
  });

  it('names each reason with its line numbers', () => {
    expect(group('time')?.lines).toEqual([3, 12]);
    expect(group('order')?.lines).toEqual([4, 10]);
    expect(group('channel')?.lines).toEqual([5, 9]);
    expect(group('malformed')?.lines).toEqual([6]);
    expect(group('value')?.lines).toEqual([7, 11]);
  });

  it('keeps a sample of each with a message naming the column and value', () => {
    expect(group('time')!.samples[0]).toMatchObject({ line: 3, text: 'not a time,phone,,,,no,' });
    expect(group('time')!.samples[0].message).toBe("created: not a time: 'not a time'");
    expect(group('order')!.samples[0].message).toMatch(/^first_reply .* is before created/);
    expect(group('channel')!.samples[0].message).toMatch(/'fax' is not one of phone, chat/);
    expect(group('malformed')!.samples[0].message).toBe('6 fields, the header has 7');
    expect(group('value')!.samples[0].message).toBe("abandoned: not yes/no: 'maybe'");
  });

  it('reads a quoted row like any other', () => {
    const quoted = contacts.find((c) => c.line === 8)!;
    expect(quoted.channel).toBe('chat');
    expect(quoted.handleTime).toBe(95);
    expect(quoted.firstReply).toBe(5);
  });

  it('stops above the threshold, listing the bad lines', () => {
    let error: unknown;
    try {
      read(TEXT, { channels: ['phone', 'chat'] });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(HistoryError);
    const message = (error as HistoryError).message;
    expect(message).toMatch(/9 of 211 rows are bad \(4\.27%, above the 1\.00% allowed/);
    expect(message).toMatch(/lines 3, 12/);
    expect(message).toMatch(/history\.csv:4: first_reply/);
    expect((error as HistoryError).summary?.bad.total).toBe(9);
  });

  it('keeps only the first 20 line numbers of a reason but counts them all', () => {
    const many = [
      HEADER,
      ...Array.from({ length: 30 }, () => 'bad,phone,,,,no,'),
      ...Array.from({ length: 3000 }, (_, k) => good(k)),
    ].join('\n');
    const { summary: s } = read(many, { maxBadShare: 0.05 });
    expect(s.bad.groups[0].count).toBe(30);
    expect(s.bad.groups[0].lines).toHaveLength(20);
    expect(s.bad.groups[0].samples).toHaveLength(3);
  });
});

describe('headers and formats', () => {
  it('names a missing required column and the --map to write', () => {
    expect(() => read('when,channel\n2024-01-01T00:00:00Z,phone\n')).toThrow(
      /no 'created' column .*--map created=<your column>/s,
    );
    expect(() => read('created_on,medium\n2024-01-01T00:00:00Z,phone\n')).toThrow(
      /no 'channel' column|no 'created' column/,
    );
  });

  it('suggests the closest header for a --map that names no column', () => {
    expect(() =>
      read('Created At,Medium\nx,y\n', { map: { created: 'Created_At', channel: 'Medium' } }),
    ).toThrow(
      /--map created=Created_At: the header has no column 'Created_At' \(did you mean 'Created At'\?\)/,
    );
  });

  it('reads the user’s own columns through --map, and recognises aliases', () => {
    const text =
      'Created At;Medium;Answered At;AHT\n2024-01-01 09:00:00;Live Chat;2024-01-01 09:00:20;6:30\n';
    const { contacts, summary } = read(text, {
      map: parseColumnMap(['created=Created At,channel=Medium']),
    });
    expect(summary.columns).toMatchObject({
      created: 'Created At',
      channel: 'Medium',
      first_reply: 'Answered At',
      handle_time: 'AHT',
    });
    expect(contacts[0]).toMatchObject({ channel: 'live-chat', firstReply: 20, handleTime: 390 });
    expect(summary.renamed).toEqual([{ from: 'Live Chat', to: 'live-chat' }]);
  });

  it('rejects --map entries that are not name=column or name no column', () => {
    expect(() => parseColumnMap(['created'])).toThrow(/'created' is not name=column/);
    expect(() => parseColumnMap(['creatd=When'])).toThrow(/'creatd' is not a history column/);
  });

  it('joins a quoted field across lines and counts the record at its first line', () => {
    const text = `${HEADER},id\n"2024-01-01T09:00:00Z",phone,,,,no,,"multi\nline id"\n2024-01-01T09:01:00Z,x,,,,no,,\n`;
    const bad = read(text.replace('x,', ','), { maxBadShare: 1 }).summary;
    expect(bad.rows).toBe(2);
    expect(bad.bad.groups[0].lines).toEqual([4]);
  });

  it('reads NDJSON, counting a line that is not JSON', () => {
    const text = [
      '{"created":"2024-01-01T09:00:00Z","channel":"phone","handle_time":120,"abandoned":false}',
      '{"created": 1704099600, "channel": "chat", "escalated": true}',
      '{oops',
      '',
      '{"created":"2024-01-01T09:05:00Z","channel":"phone","abandoned_at":"2024-01-01T09:06:00Z"}',
    ].join('\n');
    const { contacts, summary } = read(text, { maxBadShare: 0.5 }, 'history.ndjson');
    expect(summary.format).toBe('ndjson');
    expect(summary.rows).toBe(4);
    expect(summary.bad.groups[0]).toMatchObject({ reason: 'malformed', lines: [3] });
    expect(contacts.map((c) => c.channel)).toEqual(['phone', 'chat', 'phone']);
    expect(contacts[1].created).toBe(1704099600);
    expect(contacts[1].escalated).toBe(true);
    expect(contacts[2]).toMatchObject({ abandoned: true, abandonedAt: 60 });
  });

  it('reads the observed.json slalab observe writes', () => {
    const observed = {
      format: 'slalab-observed',
      version: 1,
      tickets: [
        {
          ticketId: '1',
          traceId: null,
          channel: 'phone',
          priority: 'P2',
          created: 3600,
          firstResponse: 20,
          firstResponder: 'agent',
          resolution: 300,
          escalated: false,
          reopened: false,
          abandoned: false,
          nextResponses: [],
        },
        {
          ticketId: '2',
          traceId: null,
          channel: 'phone',
          priority: 'P3',
          created: 86_400 + 60,
          firstResponse: null,
          firstResponder: null,
          resolution: null,
          escalated: false,
          reopened: false,
          abandoned: true,
          nextResponses: [],
        },
      ],
    };
    const { contacts, summary } = read(JSON.stringify(observed, null, 1), {}, 'observed.json');
    expect(summary.format).toBe('observed');
    expect(contacts).toHaveLength(2);
    // Day 0 of an observed run is a Monday: 2024-01-01.
    expect(new Date(contacts[0].local * 1000).toISOString()).toBe('2024-01-01T01:00:00.000Z');
    expect(contacts[0]).toMatchObject({ priority: 1, firstReply: 20, resolved: 300 });
    expect(contacts[1].abandoned).toBe(true);
    expect(() => read('{"format":"other"}', {}, 'x.json')).toThrow(/must be an observed\.json/);
  });

  it('fits an observed.json, stating what it cannot estimate', () => {
    const tickets = Array.from({ length: 400 }, (_, k) => ({
      ticketId: String(k),
      traceId: null,
      channel: 'chat',
      priority: 'P3',
      created: k * 1500,
      firstResponse: 30,
      firstResponder: 'agent',
      resolution: 600,
      escalated: k % 10 === 0,
      reopened: false,
      abandoned: false,
      nextResponses: [],
    }));
    const fit = fitHistoryText(
      JSON.stringify({ format: 'slalab-observed', version: 1, tickets }),
      {},
      'observed.json',
    );
    expect(fit.period.first).toMatch(/^day 0 Mon/);
    expect(fit.channels[0].escalation!.value).toBeCloseTo(0.1, 10);
    expect(fit.defaults.join('\n')).toMatch(/handle time: no handle_time/);
  });

  it('stops on an empty file and on a file with no usable row', () => {
    expect(() => read('')).toThrow(/empty/);
    expect(() => read(`${HEADER}\n`)).toThrow(/no contacts/);
    expect(() => read(`${HEADER}\nx,phone,,,,no,\n`, { maxBadShare: 1 })).toThrow(
      /no usable contacts/,
    );
  });

  it('handles a byte-order mark and CRLF line ends', () => {
    const { contacts } = read(`\ufeff${HEADER}\r\n${good(1)}\r\n${good(2)}\r\n`);
    expect(contacts).toHaveLength(2);
    expect(contacts[1].handleTime).toBe(62);
  });
});

describe('times', () => {
  const one = (created: string, tz = 'UTC', extra = '') =>
    read(`created,channel,first_reply\n${created},phone,${extra}\n`, { timeZone: tz }).contacts[0];

  it('reads offsets, Z, fractions, bare dates and epoch seconds or milliseconds alike', () => {
    const t = Date.UTC(2024, 2, 4, 9, 15) / 1000;
    expect(one('2024-03-04T09:15:00Z').created).toBe(t);
    expect(one('2024-03-04 17:15:00+08:00').created).toBe(t);
    expect(one('2024-03-04T04:15-0500').created).toBe(t);
    expect(one('2024-03-04T09:15:00.250Z').created).toBe(t + 0.25);
    expect(one('2024/03/04 09:15').created).toBe(t);
    expect(one('2024-03-04').created).toBe(Date.UTC(2024, 2, 4) / 1000);
    expect(one(String(t)).created).toBe(t);
    expect(one(String(t * 1000)).created).toBe(t);
  });

  it('reads a time without offset as local time in the time zone, across daylight saving', () => {
    // Berlin: CET (+1) in winter, CEST (+2) from 31 March 2024 02:00.
    expect(one('2024-01-15 09:00', 'Europe/Berlin').created).toBe(Date.UTC(2024, 0, 15, 8) / 1000);
    expect(one('2024-07-15 09:00', 'Europe/Berlin').created).toBe(Date.UTC(2024, 6, 15, 7) / 1000);
    // Local time is wall-clock time: 09:00 in July is 09:00 local.
    expect(one('2024-07-15T07:00:00Z', 'Europe/Berlin').local % 86_400).toBe(9 * 3600);
    // A reply 30 s after a contact created an hour before the clocks changed.
    const c = one('2024-03-31 01:59:50', 'Europe/Berlin', '2024-03-31 03:00:20');
    expect(c.firstReply).toBe(30);
  });
});
