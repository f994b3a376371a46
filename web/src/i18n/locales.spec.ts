import { describe, expect, it } from 'vitest';
import zhCN from './locales/zh-CN';
import en from './locales/en';
import { ROLES, ORGANISATION_TYPES } from '@/api/models';
import { moduleNav, moduleRoutes } from '@/modules';

type Tree = { [key: string]: string | Tree };

function flatten(tree: Tree, prefix = ''): Map<string, string> {
  const result = new Map<string, string>();
  for (const [key, value] of Object.entries(tree)) {
    const path = prefix ? `${prefix}.${key}` : key;
    if (typeof value === 'string') result.set(path, value);
    else for (const [k, v] of flatten(value, path)) result.set(k, v);
  }
  return result;
}

const zhKeys = flatten(zhCN);
const enKeys = flatten(en);

// Every source file, as text, to find the keys the UI really uses.
const sources = import.meta.glob(['../**/*.vue', '../**/*.ts', '!../**/*.spec.ts', '!../**/*.d.ts'], {
  query: '?raw',
  import: 'default',
  eager: true,
}) as Record<string, string>;

describe('locale messages', () => {
  it('zh-CN and en define exactly the same keys', () => {
    expect([...enKeys.keys()].sort()).toEqual([...zhKeys.keys()].sort());
  });

  it('has no empty messages', () => {
    for (const [key, value] of [...zhKeys, ...enKeys]) expect(value.trim(), key).not.toBe('');
  });

  it('uses the same placeholders in both languages', () => {
    const placeholders = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
    for (const [key, value] of zhKeys) expect(placeholders(enKeys.get(key) ?? ''), key).toEqual(placeholders(value));
  });

  it('translates every role and organisation type the API defines', () => {
    for (const role of ROLES) expect(zhKeys.has(`roles.${role}`), role).toBe(true);
    for (const type of ORGANISATION_TYPES) expect(zhKeys.has(`orgTypes.${type}`), type).toBe(true);
  });

  it('defines every literal key used in the source', () => {
    const used = new Set<string>();
    for (const text of Object.values(sources)) {
      for (const match of text.matchAll(/\bt\(\s*'([a-zA-Z][\w.-]*)'/g)) if (match[1]) used.add(match[1]);
    }
    expect(used.size).toBeGreaterThan(50);
    const missing = [...used].filter((key) => !zhKeys.has(key));
    expect(missing).toEqual([]);
  });

  it('defines the title of every route and navigation entry', () => {
    const keys = [
      ...moduleNav.map((item) => item.labelKey),
      ...moduleRoutes.map((route) => route.meta?.titleKey).filter((k): k is string => typeof k === 'string'),
    ];
    for (const key of keys) expect(zhKeys.has(key), key).toBe(true);
  });

  it('keeps Chinese and English out of templates (all visible text goes through i18n)', () => {
    const offenders: string[] = [];
    for (const [file, text] of Object.entries(sources)) {
      if (!file.endsWith('.vue')) continue;
      const template = text.match(/<template>([\s\S]*)<\/template>/)?.[1] ?? '';
      // Text between tags that is not an interpolation.
      const stripped = template.replace(/\{\{[\s\S]*?\}\}/g, '').replace(/<(?:[^>"']|"[^"]*"|'[^']*')*>/g, '\n');
      for (const line of stripped.split('\n')) {
        const trimmed = line.trim();
        if (/[\u4e00-\u9fff]/.test(trimmed) || /[A-Za-z]{3,}/.test(trimmed)) offenders.push(`${file}: ${trimmed}`);
      }
    }
    expect(offenders).toEqual([]);
  });
});
