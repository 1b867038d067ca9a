import { useEffect, useState } from 'preact/hooks';

/**
 * Pages live in the URL's hash (`/#/contracts?status=draft`): the server serves one page at `/`,
 * and every view, filters included, can be reloaded, bookmarked and sent to a colleague.
 */
export interface Route {
  /** `/contracts`, `/clients/c-42` */
  path: string;
  /** The path split on `/`, decoded: `['clients', 'c-42']`. */
  parts: string[];
  params: Record<string, string>;
}

export function parseHash(hash: string): Route {
  const [rawPath, query = ''] = hash.replace(/^#/, '').split('?', 2);
  const path = rawPath && rawPath.startsWith('/') ? rawPath : '/';
  const parts = path.split('/').filter(Boolean).map(decodeURIComponent);
  return { path, parts, params: Object.fromEntries(new URLSearchParams(query)) };
}

/** `#/path?name=value`, leaving out empty values. */
export function href(path: string, params: Record<string, string | number | undefined | null> = {}): string {
  const query = new URLSearchParams();
  for (const [name, value] of Object.entries(params)) if (value !== undefined && value !== null && value !== '') query.set(name, String(value));
  const text = query.toString();
  return `#${path}${text ? `?${text}` : ''}`;
}

export const pathTo = (...parts: string[]) => `/${parts.map(encodeURIComponent).join('/')}`;

export function navigate(path: string, params: Record<string, string | number | undefined | null> = {}): void {
  const target = href(path, params);
  if (location.hash !== target) location.hash = target;
}

export function useRoute(): Route {
  const [route, setRoute] = useState(() => parseHash(location.hash));
  useEffect(() => {
    const changed = () => setRoute(parseHash(location.hash));
    window.addEventListener('hashchange', changed);
    return () => window.removeEventListener('hashchange', changed);
  }, []);
  return route;
}
