/**
 * Completion codes: a short string a student pastes into a learning platform, which a teacher
 * checks with `npm run verify-code` (scripts/verify-code.ts) without any server.
 *
 * What it is: the course (as a 16-bit hash of its id), and per lesson of the course whether it
 * was visited, how many predict-then-run questions were answered and answered correctly, and how
 * many exercises were marked done, followed by a 20-bit checksum over all that, the student's
 * name and an optional salt set at build time (SOFTLAB_CODE_SALT).
 *
 * What it is not: a signature. The encoder runs in the student's browser, so anyone who reads
 * this file can make a valid code for any progress. The checksum catches typos and naive edits
 * (changing a character), the name binds a code to one student, and a per-run salt makes codes
 * from last term's site useless this term. Nothing more.
 *
 * Dependency-free and erasable TypeScript, so Node runs the verifier on this very file.
 */

export const CODE_VERSION = 1;
/** Crockford's base32: no I, L, O, U, so codes survive being read aloud or retyped. */
const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
const MAX_COUNT = 7;
const MAX_LESSONS = 63;

export interface LessonProgressSummary {
  visited: boolean;
  answered: number;
  correct: number;
  exercisesDone: number;
}

export interface CompletionInput {
  courseId: string;
  /** One entry per lesson of the course, in course order. */
  lessons: LessonProgressSummary[];
  /** The name the student typed (normalised: case and spacing do not matter). */
  name?: string;
  salt?: string;
}

/** FNV-1a, 32 bits: small, well known, fine for a checksum (not for security). */
export function fnv1a(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h >>> 0;
}

export function normaliseName(name: string | undefined): string {
  return (name ?? '').normalize('NFKC').trim().replace(/\s+/g, ' ').toLowerCase();
}

export function courseHash(courseId: string, salt = ''): number {
  return fnv1a(`${salt}|course|${courseId}`) & 0xffff;
}

function bits(value: number, width: number): string {
  return value.toString(2).padStart(width, '0').slice(-width);
}

const cap = (n: number) => Math.max(0, Math.min(MAX_COUNT, Math.floor(n)));

function checksum(payload: string, name: string | undefined, salt: string): number {
  return fnv1a(`${salt}|${normaliseName(name)}|${payload}`) & 0xfffff;
}

function toBase32(bitString: string): string {
  const padded = bitString.padEnd(Math.ceil(bitString.length / 5) * 5, '0');
  let out = '';
  for (let i = 0; i < padded.length; i += 5) out += ALPHABET[parseInt(padded.slice(i, i + 5), 2)];
  return out;
}

/** Groups of four characters separated by hyphens, e.g. "1A2B-C3D4-…". */
function group(s: string): string {
  return s.match(/.{1,4}/g)?.join('-') ?? '';
}

export function encodeCompletion(input: CompletionInput): string {
  if (input.lessons.length > MAX_LESSONS) throw new Error(`a course has at most ${MAX_LESSONS} lessons`);
  const salt = input.salt ?? '';
  let payload = bits(CODE_VERSION, 4) + bits(courseHash(input.courseId, salt), 16) + bits(input.lessons.length, 6);
  for (const l of input.lessons) {
    const answered = cap(l.answered);
    payload += (l.visited ? '1' : '0') + bits(answered, 3) + bits(Math.min(answered, cap(l.correct)), 3) + bits(cap(l.exercisesDone), 3);
  }
  return group(toBase32(payload + bits(checksum(payload, input.name, salt), 20)));
}

export type DecodeResult =
  | { ok: true; courseHash: number; lessons: LessonProgressSummary[]; checksumOk: boolean }
  | { ok: false; error: string };

/**
 * Reads a code back. `checksumOk` says whether the checksum matches for the given name and salt;
 * the course is identified by the caller comparing `courseHash` with `courseHash(id, salt)`.
 */
export function decodeCompletion(code: string, name?: string, salt = ''): DecodeResult {
  // Forgiving input: lower case, spaces and hyphens, and the letters people confuse with digits.
  const clean = code.toUpperCase().replace(/[\s-]/g, '').replace(/[IL]/g, '1').replace(/O/g, '0');
  if (!/^[0-9A-Z]+$/.test(clean) || /U/.test(clean)) return { ok: false, error: 'the code has characters that are not in the alphabet (0-9, A-Z without I, L, O, U)' };
  const bitString = [...clean].map((c) => bits(ALPHABET.indexOf(c), 5)).join('');
  if (bitString.length < 26) return { ok: false, error: 'the code is too short' };
  const version = parseInt(bitString.slice(0, 4), 2);
  if (version !== CODE_VERSION) return { ok: false, error: `unknown code version ${version}` };
  const hash = parseInt(bitString.slice(4, 20), 2);
  const n = parseInt(bitString.slice(20, 26), 2);
  const payloadLength = 26 + n * 10;
  const total = payloadLength + 20;
  if (Math.ceil(total / 5) !== clean.length) return { ok: false, error: `the code has the wrong length for ${n} lessons (a character missing or extra?)` };
  if (/1/.test(bitString.slice(total))) return { ok: false, error: 'the code has trailing garbage' };
  const lessons: LessonProgressSummary[] = [];
  for (let i = 0; i < n; i++) {
    const b = bitString.slice(26 + i * 10, 36 + i * 10);
    lessons.push({ visited: b[0] === '1', answered: parseInt(b.slice(1, 4), 2), correct: parseInt(b.slice(4, 7), 2), exercisesDone: parseInt(b.slice(7, 10), 2) });
  }
  const payload = bitString.slice(0, payloadLength);
  const sum = parseInt(bitString.slice(payloadLength, total), 2);
  return { ok: true, courseHash: hash, lessons, checksumOk: sum === checksum(payload, name, salt) };
}
