#!/usr/bin/env node
// Reads every test result file under a folder (TRX from dotnet test, JUnit XML from Vitest and Playwright)
// plus the list of steps that failed without producing results, prints one line per suite, the failed tests,
// then the number of skipped tests, and finally the single summary line `N passed, N failed`.
// Exit code: 1 when anything failed or no test ran at all.
import { readdirSync, readFileSync, existsSync, statSync } from 'node:fs';
import { join, basename } from 'node:path';

const dir = process.argv[2];
if (!dir || !existsSync(dir)) {
  console.error('usage: summarize-tests.mjs RESULTS_DIR');
  process.exit(2);
}

const attr = (tag, name) => {
  const m = tag.match(new RegExp(`\\s${name}="([^"]*)"`));
  return m ? m[1] : undefined;
};
const num = (tag, name) => Number(attr(tag, name) ?? 0);
const unescape = (s) => s.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&apos;/g, "'").replace(/&amp;/g, '&');

function walk(d) {
  return readdirSync(d).flatMap((name) => {
    const p = join(d, name);
    return statSync(p).isDirectory() ? walk(p) : [p];
  });
}

const suites = [];
for (const file of walk(dir).sort()) {
  const text = readFileSync(file, 'utf8');
  if (file.endsWith('.trx')) {
    const counters = text.match(/<Counters\b[^>]*>/);
    if (!counters) continue;
    const total = num(counters[0], 'total');
    const passed = num(counters[0], 'passed');
    const failed = num(counters[0], 'failed') + num(counters[0], 'error') + num(counters[0], 'timeout') + num(counters[0], 'aborted');
    const failures = [...text.matchAll(/<UnitTestResult\b[^>]*>/g)]
      .map((m) => m[0])
      .filter((t) => attr(t, 'outcome') === 'Failed')
      .map((t) => unescape(attr(t, 'testName') ?? '?'));
    suites.push({ name: basename(file, '.trx'), passed, failed, skipped: Math.max(0, total - passed - failed), failures });
  } else if (file.endsWith('.xml') && /<testsuite\b/.test(text)) {
    let passed = 0, failed = 0, skipped = 0;
    for (const m of text.matchAll(/<testsuite\b[^>]*>/g)) {
      const tests = num(m[0], 'tests');
      const f = num(m[0], 'failures') + num(m[0], 'errors');
      const s = num(m[0], 'skipped') + num(m[0], 'disabled');
      failed += f; skipped += s; passed += Math.max(0, tests - f - s);
    }
    const failures = [...text.matchAll(/<testcase\b([^>]*?)(\/>|>([\s\S]*?)<\/testcase>)/g)]
      .filter((m) => m[3] && /<(failure|error)\b/.test(m[3]))
      .map((m) => unescape(`${attr(m[1], 'classname') ?? ''} ${attr(m[1], 'name') ?? '?'}`.trim()));
    suites.push({ name: basename(file, '.xml'), passed, failed, skipped, failures });
  }
}

const stepsFile = join(dir, 'failed-steps.txt');
const failedSteps = existsSync(stepsFile) ? readFileSync(stepsFile, 'utf8').split('\n').filter(Boolean) : [];

// A suite whose command failed but whose result file records no failed test (a runner that could not start,
// a crashed test host) still failed: count it once.
const exitsFile = join(dir, 'suite-exits.tsv');
if (existsSync(exitsFile)) {
  for (const line of readFileSync(exitsFile, 'utf8').split('\n').filter(Boolean)) {
    const [rc, label, resultName] = line.split('\t');
    if (rc === '0') continue;
    const suite = suites.find((s) => s.name === resultName);
    if (!suite || suite.failed === 0) failedSteps.push(`${label} (exit code ${rc}, no failed test recorded)`);
  }
}

let passed = 0, failed = failedSteps.length, skipped = 0;
for (const s of suites) {
  passed += s.passed; failed += s.failed; skipped += s.skipped;
  console.log(`  ${s.name.padEnd(44)} ${String(s.passed).padStart(5)} passed ${String(s.failed).padStart(4)} failed ${String(s.skipped).padStart(4)} skipped`);
  for (const f of s.failures.slice(0, 50)) console.log(`    FAILED ${f}`);
}
for (const step of failedSteps) console.log(`  step failed without test results: ${step}`);

console.log(`${skipped} skipped`);
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed > 0 || passed === 0 ? 1 : 0);
