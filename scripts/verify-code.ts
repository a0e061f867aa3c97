/**
 * Checks a Softlab completion code without any server:
 *
 *   npm run verify-code -- <CODE> --name "Ada Lovelace" [--salt <salt>] [--course <id>]
 *
 * Finds the course by the hash in the code (content/courses/*.yaml), checks the checksum for the
 * given name and salt (the salt the site was built with: SOFTLAB_CODE_SALT, also read from the
 * environment), and prints the progress per lesson. Exit code 0 = valid, 1 = invalid, 2 = usage.
 *
 * A valid code proves only that it was made for this name, course and salt by Softlab's encoder,
 * which anyone can run: it is a checksum against typos and casual edits, not a signature.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { courseHash, decodeCompletion } from '../src/core/completion-code.ts';

const COURSES = join(import.meta.dirname, '..', 'content', 'courses');

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1] : undefined;
}

/** The lesson slugs of a course file, in order (the course YAML lists them as "- slug: x"). */
function courseLessons(yaml: string): string[] {
  return [...yaml.matchAll(/^\s*-\s*slug:\s*['"]?([a-z0-9-]+)['"]?\s*$/gm)].map((m) => m[1]);
}

const flags = new Set(['--name', '--salt', '--course']);
const positional = process.argv.slice(2).filter((a, i, all) => !a.startsWith('--') && !flags.has(all[i - 1] ?? ''));
const code = positional.join('');
if (!code) {
  console.error('Usage: npm run verify-code -- <CODE> --name "Student Name" [--salt <salt>] [--course <course-id>]');
  process.exit(2);
}
const name = arg('name') ?? '';
const salt = arg('salt') ?? process.env.SOFTLAB_CODE_SALT ?? '';
const only = arg('course');

const result = decodeCompletion(code, name, salt);
if (!result.ok) {
  console.log(`INVALID: ${result.error}.`);
  process.exit(1);
}
const courses = readdirSync(COURSES)
  .filter((f) => f.endsWith('.yaml'))
  .map((f) => ({ id: f.replace(/\.yaml$/, ''), lessons: courseLessons(readFileSync(join(COURSES, f), 'utf8')) }))
  .filter((c) => !only || c.id === only);
const course = courses.find((c) => courseHash(c.id, salt) === result.courseHash);
if (!course) {
  console.log(`INVALID: the code is for no course in content/courses${only ? ` named "${only}"` : ''} with this salt${salt ? '' : ' (none given: was the site built with SOFTLAB_CODE_SALT?)'}.`);
  process.exit(1);
}
if (!result.checksumOk) {
  console.log(`INVALID: the checksum does not match for the name "${name}"${salt ? ' and this salt' : ''}. Check the spelling of the name (case and spacing do not matter) or the code.`);
  process.exit(1);
}
if (course.lessons.length !== result.lessons.length) {
  console.log(`WARNING: the code lists ${result.lessons.length} lessons but ${course.id}.yaml now has ${course.lessons.length}; the course changed after the code was made. Lessons are shown by position.`);
}
console.log(`VALID completion code for "${name || '(no name)'}", course "${course.id}".`);
let visited = 0;
result.lessons.forEach((l, i) => {
  visited += Number(l.visited);
  const slug = course.lessons[i] ?? `lesson ${i + 1}`;
  console.log(`  ${String(i + 1).padStart(2)}. ${slug.padEnd(28)} ${l.visited ? 'opened    ' : 'not opened'}  questions answered ${l.answered} (${l.correct} matched)  exercises done ${l.exercisesDone}`);
});
console.log(`Lessons opened: ${visited} of ${result.lessons.length}. Counts above 7 are shown as 7.`);
