/**
 * Widget 1 of the MLC STT-RAM lesson (instant): one weight in fp16, bit by bit, in the eight
 * two-bit cells of a multi-level cell, with and without the sign copy in bit 14; and what a flip
 * of each bit does to the weight, read plainly and through the guarded reader.
 */
import { dot, rect, ruleX, text, gridY } from '@observablehq/plot';
import { customChart, type ChartSpec } from '../kit/charts';
import { palette } from '../kit/palette';
import { defineInstant, type View } from '../kit/widget';
import { fromHalfBits, halfFields, toHalfBits } from '../../core/fp16';
import { ADJACENT, UNUSED_BIT, cellState, costlyCells, isCostly, loadWord, storeWord } from '../../techniques/mlc-sttram';
import { fmtValue, hex, STATE_NAMES } from './format';

export type BitsParams = { w: number; flip: number };

const FULL = { guard: true, backup: true };
const CHEAP_FILL = palette.baseline;
const COSTLY_FILL = palette.others[1];

function fieldOf(bit: number): 'sign' | 'exponent' | 'mantissa' {
  return bit === 15 ? 'sign' : bit >= 10 ? 'exponent' : 'mantissa';
}

/** Checked once: every word with |w| < 2 has bit 14 = 0 and survives store → flip bit 14 → load. */
let exhaustive: { words: number; failures: number } | null = null;
function exhaustiveCheck() {
  if (exhaustive) return exhaustive;
  let words = 0;
  let failures = 0;
  for (let h = 0; h < 0x10000; h++) {
    const v = fromHalfBits(h);
    if (!(Math.abs(v) < 2)) continue;
    words++;
    const back = loadWord(storeWord(h, FULL), FULL);
    const hit = loadWord(storeWord(h, FULL) ^ (1 << UNUSED_BIT), FULL);
    if ((h >> UNUSED_BIT) & 1 || back !== h || hit !== h) failures++;
  }
  exhaustive = { words, failures };
  return exhaustive;
}

/** x position of a bit: bit 15 on the left (x ∈ [0, 1]), bit 0 on the right. */
const xOf = (bit: number) => 15 - bit;
/** Tick at the centre of bits 15, 14, 12, …, 0: every bit would crowd a 360 px screen. */
const BIT_TICKS = [15, 14, 12, 10, 8, 6, 4, 2, 0].map((b) => xOf(b) + 0.5);
const bitTickFormat = (d: number) => String(15 - Math.floor(d));

function cellsChart(plain: number, stored: number, flip: number): ChartSpec {
  const rows = [
    { y: 1, word: plain, name: 'fp16' },
    { y: 0, word: stored, name: 'with copy' },
  ];
  const cells = rows.flatMap((r) =>
    ADJACENT.map((pair) => {
      const s = cellState(r.word, pair);
      return { x1: xOf(pair[0]) + 0.06, x2: xOf(pair[1]) + 0.94, y1: r.y + 0.1, y2: r.y + 0.9, costly: isCostly(s), label: STATE_NAMES[s] };
    }),
  );
  const bits = rows.flatMap((r) => Array.from({ length: 16 }, (_, b) => ({ x: xOf(b) + 0.5, y: r.y + 0.5, v: String((r.word >> b) & 1) })));
  const flipped = rows.map((r) => ({ x1: xOf(flip) + 0.12, x2: xOf(flip) + 0.88, y1: r.y + 0.16, y2: r.y + 0.84 }));
  const fields = [
    { x: 0.5, label: 'sign' },
    { x: 3.5, label: 'exponent' },
    { x: 11, label: 'mantissa' },
  ];
  const domains = Array.from({ length: 16 }, (_, b) => ({ x: xOf(b) + 0.5, label: b % 2 ? 'h' : 's' }));
  return customChart(
    'The 16 bits of w in eight 2-bit cells (h = hard domain, s = soft domain)',
    {
      height: 150,
      marginLeft: 62,
      marginTop: 30,
      marginBottom: 34,
      x: { domain: [0, 16], ticks: BIT_TICKS, tickFormat: bitTickFormat, label: 'bit position', labelAnchor: 'center', tickSize: 0 },
      y: { domain: [0, 2], ticks: [0.5, 1.5], tickFormat: (d: number) => (d > 1 ? 'fp16' : 'with copy'), label: null, tickSize: 0 },
      marks: [
        rect(cells.filter((c) => !c.costly), { x1: 'x1', x2: 'x2', y1: 'y1', y2: 'y2', fill: CHEAP_FILL, fillOpacity: 0.22, rx: 3 }),
        rect(cells.filter((c) => c.costly), { x1: 'x1', x2: 'x2', y1: 'y1', y2: 'y2', fill: COSTLY_FILL, fillOpacity: 0.5, rx: 3 }),
        rect(flipped, { x1: 'x1', x2: 'x2', y1: 'y1', y2: 'y2', stroke: palette.method, strokeWidth: 2, fill: 'none' }),
        text(bits, { x: 'x', y: 'y', text: 'v', fontSize: 13, fontWeight: 600, fill: 'currentColor' }),
        text(fields, { x: 'x', text: 'label', frameAnchor: 'top', dy: -20, fill: palette.muted, fontSize: 11 }),
        text(domains, { x: 'x', text: 'label', frameAnchor: 'top', dy: -7, fill: palette.muted, fontSize: 9 }),
        ruleX([1, 6], { stroke: palette.muted, strokeDasharray: '2,2' }),
      ],
    },
    [
      { name: 'cheap cell (00, 11)', color: CHEAP_FILL },
      { name: 'costly cell (01, 10)', color: COSTLY_FILL },
      { name: 'the bit that flips', color: palette.method },
    ],
  );
}

interface FlipRow {
  bit: number;
  unprotected: number;
  guarded: number;
}

const FLOOR = 1e-8;
const CEIL = 1e6;

/** |Δw| on a log axis; 0 is drawn at the floor and ∞/NaN at the ceiling, with a label. */
function damageChart(w: number, rows: FlipRow[], flip: number): ChartSpec {
  const place = (v: number, x: number, who: string) => {
    const d = Math.abs(v - w);
    const y = Number.isNaN(d) || d === Infinity ? CEIL : d === 0 ? FLOOR : Math.min(CEIL, Math.max(FLOOR, d));
    const note = Number.isNaN(v) ? 'NaN' : !Number.isFinite(v) ? '∞' : d === 0 ? '0' : '';
    return { who, x, y, note };
  };
  const pts = rows.flatMap((r) => [
    place(r.unprotected, xOf(r.bit) + 0.5 - 0.18, 'unprotected'),
    place(r.guarded, xOf(r.bit) + 0.5 + 0.18, 'guarded'),
  ]);
  const un = pts.filter((p) => p.who === 'unprotected');
  const gu = pts.filter((p) => p.who === 'guarded');
  return customChart(
    'How far w moves when one bit flips: |Δw| per bit (log scale; 0 drawn at the bottom)',
    {
      height: 240,
      marginLeft: 52,
      marginTop: 20,
      x: { domain: [0, 16], ticks: BIT_TICKS, tickFormat: bitTickFormat, label: 'bit that flips', labelAnchor: 'center' },
      y: { type: 'log', domain: [FLOOR / 2, CEIL * 4], label: '|Δw|', labelAnchor: 'top', labelArrow: 'up', ticks: [1e-8, 1e-6, 1e-4, 1e-2, 1, 1e2, 1e4, 1e6], tickFormat: '.0e' },
      marks: [
        gridY({ stroke: palette.grid, strokeOpacity: 1, ticks: [1e-8, 1e-6, 1e-4, 1e-2, 1, 1e2, 1e4, 1e6] }),
        rect([{ x1: xOf(flip) + 0.05, x2: xOf(flip) + 0.95 }], { x1: 'x1', x2: 'x2', y1: FLOOR / 2, y2: CEIL * 4, fill: palette.method, fillOpacity: 0.08 }),
        ruleX(un, { x: 'x', y1: FLOOR / 2, y2: 'y', stroke: palette.baseline, strokeWidth: 3 }),
        ruleX(gu, { x: 'x', y1: FLOOR / 2, y2: 'y', stroke: palette.method, strokeWidth: 3 }),
        dot(un, { x: 'x', y: 'y', fill: palette.baseline, r: 2.5 }),
        dot(gu, { x: 'x', y: 'y', fill: palette.method, r: 2.5 }),
        text(
          pts.filter((p) => p.note),
          { x: 'x', y: 'y', text: 'note', dy: -9, fontSize: 10, fill: 'currentColor' },
        ),
      ],
    },
    [
      { name: 'read as stored (unprotected)', color: palette.baseline },
      { name: 'guarded reader (bit 14 forced to 0)', color: palette.method },
    ],
  );
}

export function bitsView(p: BitsParams): View {
  const plain = toHalfBits(p.w);
  const w = fromHalfBits(plain);
  const stored = storeWord(plain, FULL);
  const f = halfFields(plain);
  const rows: FlipRow[] = Array.from({ length: 16 }, (_, k) => {
    const bit = 15 - k;
    return {
      bit,
      unprotected: fromHalfBits(plain ^ (1 << bit)),
      guarded: fromHalfBits(loadWord(stored ^ (1 << bit), FULL)),
    };
  });
  const chosen = rows[15 - p.flip];
  const ex = exhaustiveCheck();
  const small = Math.abs(w) < 2;
  const bitStr = (plain & 0xffff).toString(2).padStart(16, '0');
  const exponentText = f.kind === 'normal' ? `E = ${f.exponent}, scale 2^${f.exponent - 15}` : f.kind === 'zero' || f.kind === 'subnormal' ? `E = 0 (${f.kind})` : `E = 31 (${f.kind})`;

  const readouts: View['readouts'] = [
    { label: 'w as fp16', value: `${fmtValue(w)} (${hex(plain)})`, role: 'neutral' },
    { label: 'Fields', value: `sign ${bitStr[0]} · exponent ${bitStr.slice(1, 6)} (${exponentText}) · mantissa ${bitStr.slice(6)}`, role: 'neutral' },
    { label: 'Costly cells', value: `fp16 ${costlyCells(plain, ADJACENT)} of 8 · with sign copy ${costlyCells(stored, ADJACENT)} of 8`, role: 'neutral' },
    { label: `Bit ${p.flip} flips, read as stored`, value: fmtValue(chosen.unprotected), role: 'baseline' },
    { label: `Bit ${p.flip} flips, guarded reader`, value: fmtValue(chosen.guarded), role: 'method' },
  ];

  const flip14 = rows[15 - UNUSED_BIT];
  const claim: View['claim'] = {
    statement:
      'For every weight with |w| < 2, bit 14 is 0; storing a copy of the sign there and clearing it on read returns w exactly, and a flip of bit 14 then leaves w unchanged.',
    holds: ex.failures === 0 && small,
    detail: small
      ? `Checked on all ${ex.words.toLocaleString('en-US')} fp16 words with |w| < 2 (${ex.failures} failures). For this w = ${fmtValue(w)}: a bit-14 flip gives ${fmtValue(flip14.unprotected)} when read as stored and ${fmtValue(flip14.guarded)} through the guarded reader.`
      : `This w = ${fmtValue(w)} has |w| ≥ 2, so bit 14 is 1 and carries information: storing the sign copy overwrites it and the reader returns ${fmtValue(fromHalfBits(loadWord(stored, FULL)))}. The scheme needs weights in (−2, 2); the lesson's network clips them to [−1, 1].`,
  };

  const table = {
    columns: ['bit', 'field', 'domain', 'bit_fp16', 'bit_with_copy', 'w_after_flip_unprotected', 'w_after_flip_guarded'],
    rows: rows.map((r) => [
      r.bit,
      fieldOf(r.bit),
      r.bit % 2 ? 'hard' : 'soft',
      (plain >> r.bit) & 1,
      (stored >> r.bit) & 1,
      Number.isFinite(r.unprotected) ? r.unprotected : String(r.unprotected),
      Number.isFinite(r.guarded) ? r.guarded : String(r.guarded),
    ]),
  };

  const summary =
    `w = ${fmtValue(w)} is stored in fp16 as ${bitStr} (${hex(plain)}); with the sign copy in bit 14 it becomes ${hex(stored)}. ` +
    `${costlyCells(plain, ADJACENT)} of its 8 cells are in a costly state, ${costlyCells(stored, ADJACENT)} with the copy. ` +
    `Flipping bit ${p.flip} gives ${fmtValue(chosen.unprotected)} unprotected and ${fmtValue(chosen.guarded)} through the guarded reader.`;

  return { charts: [cellsChart(plain, stored, p.flip), damageChart(w, rows, p.flip)], readouts, claim, table, summary };
}

export const bitsSpec = defineInstant<BitsParams>({
  kind: 'instant',
  id: 'mlc-sttram-bits',
  title: 'One weight, bit by bit, in multi-level cells',
  seeded: false,
  params: [
    { name: 'w', label: 'Weight w', kind: 'number', default: -0.75, min: -2.5, max: 2.5, step: 0.001, help: 'Rounded to the nearest fp16 value. Weights in the lesson’s network stay in [−1, 1].' },
    { name: 'flip', label: 'Bit that flips', kind: 'int', default: 14, min: 0, max: 15, help: '15 = sign, 14–10 = exponent, 9–0 = mantissa. Even positions sit in a soft domain.' },
  ],
  compute: (p) => bitsView(p),
});
