import { useEffect, useState } from 'preact/hooks';

/**
 * The same HTTP API the integrations use, with the signed-in API key. The key lives in
 * sessionStorage: it is forgotten when the tab closes, and never leaves for another origin.
 */

const KEY = 'qualirec.apiKey';

export const session = {
  key: (): string | null => sessionStorage.getItem(KEY),
  signIn: (key: string) => sessionStorage.setItem(KEY, key),
  signOut: () => sessionStorage.removeItem(KEY),
};

/** An answer other than 2xx, with the problem+json the API sent. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly problem: { type?: string; title?: string; detail?: string; errors?: { path: string; message: string }[] },
  ) {
    super(problem.detail ?? problem.title ?? `HTTP ${status}`);
  }
}

/** Called on a 401 from any call: the key was revoked or is unknown, the user must sign in again. */
let onUnauthenticated: () => void = () => undefined;
export const whenUnauthenticated = (handler: () => void) => {
  onUnauthenticated = handler;
};

type Query = Record<string, string | number | undefined | null>;

export function withQuery(path: string, query: Query = {}): string {
  const params = new URLSearchParams();
  for (const [name, value] of Object.entries(query)) if (value !== undefined && value !== null && value !== '') params.set(name, String(value));
  const text = params.toString();
  return text ? `${path}?${text}` : path;
}

/** GET with the session's key (or the one given, to check it at sign-in). */
export async function request(path: string, options: { key?: string; signal?: AbortSignal; accept?: string } = {}): Promise<Response> {
  const key = options.key ?? session.key();
  const response = await fetch(path, {
    headers: { accept: options.accept ?? 'application/json', ...(key ? { authorization: `Bearer ${key}` } : {}) },
    signal: options.signal,
    credentials: 'omit',
    cache: 'no-store',
  });
  if (!response.ok) {
    const problem = await response.json().catch(() => ({ title: response.statusText }));
    if (response.status === 401 && options.key === undefined) onUnauthenticated();
    throw new ApiError(response.status, problem);
  }
  return response;
}

export async function getJson<T>(path: string, options: { key?: string; signal?: AbortSignal } = {}): Promise<T> {
  return (await (await request(path, options)).json()) as T;
}

export interface Loaded<T> {
  data?: T;
  error?: ApiError | Error;
  loading: boolean;
  reload: () => void;
}

/** Loads `path` (nothing when null) and again whenever it changes; a newer load cancels an older one. */
export function useApi<T>(path: string | null): Loaded<T> {
  const [state, setState] = useState<{ data?: T; error?: ApiError | Error; loading: boolean }>({ loading: path !== null });
  const [round, setRound] = useState(0);
  useEffect(() => {
    if (path === null) {
      setState({ loading: false });
      return;
    }
    const controller = new AbortController();
    setState((previous) => ({ data: previous.data, loading: true }));
    getJson<T>(path, { signal: controller.signal }).then(
      (data) => setState({ data, loading: false }),
      (error: unknown) => {
        if (controller.signal.aborted) return;
        setState({ error: error instanceof Error ? error : new Error(String(error)), loading: false });
      },
    );
    return () => controller.abort();
  }, [path, round]);
  return { ...state, reload: () => setRound((r) => r + 1) };
}

/** `{items, total, skip, limit}`: every list of the API. */
export interface Page<T> {
  items: T[];
  total: number;
  skip: number;
  limit: number;
}
