import fc from 'fast-check';
import { captureJobSchema } from '../capture-job.js';
import type { ParsedCommand } from '../grammar.js';

/** Generators of `/capture` text for the property tests of the grammar and of what it builds. */

const words = [
  '-n', '-ns', '--namespace', '-M', '-s', '--snaplen', '--driver', '--ebpf', '-h', '--help', '--', '-w', '-r', '-c', '-k', '-z',
  '-A', '-X', '-p', '-e', '--chisel', '-l', '=', '-n=', '--namespace=prod', 'kmod', 'ebpf', 'modern-bpf', '30s', '1m30s', '0', '-1',
  '99999999999999999999', '5m', 'prod', 'kube-system', 'cancel', 'help', 'deploy/web', 'statefulset/db', 'node/node-a', 'app=web',
  'ticket-balancer-5967c66fb4-qnzj6', 'web-1', 'a.b.c', 'UPPER', '01JDQ3V8X6M2T9R4K7C5N1B0FZ', '—namespace', '–n', '—',
] as const;
const slackMarkup = ['<@U0SOMEONE>', '<#C0CHANNEL|incident>', '<!channel>', '<!here>', '<!subteam^S0TEAM>', '<http://evil.example|click>', '&amp;', '&lt;', '&gt;', '“', '”', '‘', '’', '*bold*', '```', '`x`'] as const;
const shell = [';', '|', '||', '&&', '&', '$(', ')', '`', '>', '>>', '<', '\n', '\r\n', '\\', "'", '"', '*', '?', '~', '$HOME', '${IFS}', '\u0000', '\u001b[31m', '\u202e'] as const;

/** Texts as Slack may deliver them: random bytes and Unicode, huge strings, markup, shell metacharacters, flag soup. */
export const hostileCommandText: fc.Arbitrary<string> = fc.oneof(
  { weight: 3, arbitrary: fc.string({ unit: 'binary', maxLength: 200 }) },
  { weight: 2, arbitrary: fc.uint8Array({ maxLength: 300 }).map((bytes) => Buffer.from(bytes).toString('utf8')) },
  { weight: 1, arbitrary: fc.string({ unit: 'grapheme', minLength: 10_000, maxLength: 40_000 }) },
  {
    weight: 8,
    arbitrary: fc
      .array(fc.oneof(fc.constantFrom(...words), fc.constantFrom(...slackMarkup), fc.constantFrom(...shell), fc.string({ maxLength: 12 })), { maxLength: 14 })
      .chain((parts) => fc.constantFrom(' ', '  ', '\t', '', '\u00a0').map((glue) => parts.join(glue))),
  },
);

/** Commands close to valid ones, with random values and filters, so that many are accepted. */
export const nearlyValidCommandText: fc.Arbitrary<string> = fc
  .tuple(
    fc.constantFrom('web-1', 'ticket-balancer-5967c66fb4-qnzj6', 'deploy/web', 'a', 'x.y'),
    fc.array(
      fc.oneof(
        fc.constantFrom('-n', '--namespace', '-s', '--snaplen', '-M', '--driver').chain((flag) =>
          fc.oneof(fc.constantFrom('prod', 'kube-system', '80', '4096', '30', 'kmod', 'ebpf'), fc.string({ maxLength: 8 })).map((value) => `${flag} ${value}`),
        ),
        fc.constantFrom('30s', '5m', '1m30s', '300', '--ebpf'),
      ),
      { maxLength: 4 },
    ),
    fc.option(fc.oneof({ weight: 9, arbitrary: fc.string({ unit: 'binary', maxLength: 80 }) }, { weight: 1, arbitrary: fc.string({ minLength: 900, maxLength: 1_200 }) })),
  )
  .map(([pod, options, filter]) => [pod, ...options].join(' ') + (filter === null ? '' : ` -- ${filter}`));

/** Both, so that properties see many accepted requests as well as refusals. */
export const anyCommandText = fc.oneof({ weight: 3, arbitrary: hostileCommandText }, { weight: 2, arbitrary: nearlyValidCommandText });

/** The job the bot would queue for an accepted command (the fields it adds are fixed here). */
export function jobFrom(parsed: Extract<ParsedCommand, { kind: 'capture' }>) {
  return captureJobSchema.safeParse({
    ...parsed.spec,
    captureId: '01JDQ3V8X6M2T9R4K7C5N1B0FZ',
    requestedBy: 'U0RESPONDER',
    channel: 'C0INCIDENT',
    statusTs: '1700000000.000100',
    requestedAt: '2026-11-27T17:50:00.000Z',
  });
}
