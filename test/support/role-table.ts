import { readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Role } from '../../src/config/config.js';

/**
 * The route × role table of docs/security.md, generated from the `allowed` table of
 * test/http/auth.http.spec.ts, which checks that the two are the same. To regenerate the docs:
 *   QUALIREC_WRITE_DOCS=1 NODE_OPTIONS=--experimental-vm-modules npx jest test/http/auth.http.spec.ts
 */
export const SECURITY_DOC = resolve('docs/security.md');
const START = '<!-- route-role-table:start (generated from test/http/auth.http.spec.ts) -->';
const END = '<!-- route-role-table:end -->';
const COLUMNS: Role[] = ['integration', 'quality', 'auditor', 'admin'];

export function renderRoleTable(allowed: Record<string, Role[] | 'public'>): string {
  const rows = Object.entries(allowed)
    .map(([route, roles]) => {
      const [method, path] = route.split(' ');
      return { method, path, roles };
    })
    .sort((a, b) => a.path.localeCompare(b.path) || a.method.localeCompare(b.method))
    .map(({ method, path, roles }) => {
      const cells = COLUMNS.map((role) => (roles === 'public' || role === 'admin' || roles.includes(role) ? '✓' : ''));
      return `| \`${method} ${path}\`${roles === 'public' ? ' (no key)' : ''} | ${cells.join(' | ')} |`;
    });
  return [`| route | ${COLUMNS.join(' | ')} |`, `|---|${COLUMNS.map(() => ':-:').join('|')}|`, ...rows].join('\n');
}

/** The table between the markers of docs/security.md, or undefined when they are missing. */
export function documentedRoleTable(): string | undefined {
  const text = readFileSync(SECURITY_DOC, 'utf8');
  const start = text.indexOf(START);
  const end = text.indexOf(END);
  return start < 0 || end < start ? undefined : text.slice(start + START.length, end).trim();
}

/** Rewrites the table of docs/security.md in place (QUALIREC_WRITE_DOCS=1). */
export function writeRoleTable(table: string): void {
  const text = readFileSync(SECURITY_DOC, 'utf8');
  const start = text.indexOf(START);
  const end = text.indexOf(END);
  if (start < 0 || end < start) throw new Error(`${SECURITY_DOC} lacks the markers ${START} … ${END}`);
  writeFileSync(SECURITY_DOC, `${text.slice(0, start + START.length)}\n${table}\n${text.slice(end)}`);
}

export const ROLE_TABLE_MARKERS = { START, END };
