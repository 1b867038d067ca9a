import type { ComponentChildren, TargetedSubmitEvent } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import { ApiError, getJson, type Loaded, type Page as ApiPage, useApi, withQuery } from './api';
import { formatDate, formatInstant } from './format';
import { type MessageKey, useI18n } from './i18n';
import { href, navigate, type Route } from './route';

/** A page: its heading (focused when the page opens, so a screen reader announces it) and the tab's title. */
export function Page({ title, children, actions }: { title: string; children: ComponentChildren; actions?: ComponentChildren }) {
  const { t } = useI18n();
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    document.title = `${title} — ${t('app.title')}`;
  }, [title, t]);
  useEffect(() => {
    heading.current?.focus({ preventScroll: true });
  }, []);
  return (
    <section class="page" aria-labelledby="page-title">
      <div class="page-head">
        <h1 id="page-title" tabIndex={-1} ref={heading}>
          {title}
        </h1>
        {actions}
      </div>
      {children}
    </section>
  );
}

/** Loading, error or the content of a `useApi` result. */
export function Async<T>({ state, children }: { state: Loaded<T>; children: (data: T) => ComponentChildren }) {
  const { t } = useI18n();
  if (state.error) return <ErrorBox error={state.error} onRetry={state.reload} />;
  if (state.data === undefined) return <p class="muted" role="status">{t('common.loading')}</p>;
  return <div aria-busy={state.loading}>{children(state.data)}</div>;
}

export function ErrorBox({ error, onRetry }: { error: Error; onRetry?: () => void }) {
  const { t } = useI18n();
  const problem = error instanceof ApiError ? error.problem : undefined;
  return (
    <div class="notice notice-error" role="alert">
      <p>
        <strong>{t('common.error')}</strong> {error instanceof ApiError ? `${error.status} ` : ''}
        {problem?.title && problem.detail ? `${problem.title}: ${problem.detail}` : error.message}
      </p>
      {problem?.errors?.length ? (
        <ul>
          {problem.errors.map((e) => (
            <li key={e.path}>
              <code>{e.path}</code> {e.message}
            </li>
          ))}
        </ul>
      ) : null}
      {onRetry ? (
        <button type="button" class="button-secondary" onClick={onRetry}>
          {t('common.retry')}
        </button>
      ) : null}
    </div>
  );
}

export type Tone = 'good' | 'bad' | 'neutral' | 'warn' | 'info';

/** A status shown by its word and a symbol, never by colour alone. */
export function Badge({ tone, children }: { tone: Tone; children: ComponentChildren }) {
  const symbol = { good: '✓', bad: '✗', warn: '!', neutral: '–', info: '•' }[tone];
  return (
    <span class={`badge badge-${tone}`}>
      <span aria-hidden="true">{symbol} </span>
      {children}
    </span>
  );
}

export function Day({ value }: { value?: string | null }) {
  const { locale } = useI18n();
  return value ? <time dateTime={value}>{formatDate(value, locale)}</time> : <span>—</span>;
}

export function Instant({ value }: { value?: string | null }) {
  const { locale } = useI18n();
  return value ? (
    <time dateTime={value} title={value}>
      {formatInstant(value, locale)}
    </time>
  ) : (
    <span>—</span>
  );
}

export interface Column<R> {
  header: string;
  cell: (row: R) => ComponentChildren;
  class?: string;
}

/** A data table with its caption, column headers and a row header, scrollable on narrow screens. */
export function Table<R>({ caption, columns, rows, rowKey, rowClass }: { caption: string; columns: Column<R>[]; rows: R[]; rowKey: (row: R) => string; rowClass?: (row: R) => string | undefined }) {
  const { t } = useI18n();
  if (!rows.length) return <p class="muted">{t('common.none')}</p>;
  return (
    <div class="table-wrap" role="region" aria-label={t('common.tableScroll', { name: caption })} tabIndex={0}>
      <table>
        <caption class="visually-hidden">{caption}</caption>
        <thead>
          <tr>
            {columns.map((column) => (
              <th scope="col" class={column.class} key={column.header}>
                {column.header}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr key={rowKey(row)} class={rowClass?.(row)}>
              {columns.map((column, index) =>
                index === 0 ? (
                  <th scope="row" class={column.class} key={column.header}>
                    {column.cell(row)}
                  </th>
                ) : (
                  <td class={column.class} key={column.header}>
                    {column.cell(row)}
                  </td>
                ),
              )}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** Terms and their values, as a definition list laid out in columns. */
export function Facts({ items, class: className = 'facts' }: { items: [string, ComponentChildren][]; class?: string }) {
  return (
    <dl class={className}>
      {items.map(([term, value], index) => (
        <div class="fact" key={index}>
          <dt>{term}</dt>
          <dd>{value}</dd>
        </div>
      ))}
    </dl>
  );
}

/** The filters of the URL that an API list takes as they are. */
export const pick = (route: Route, names: string[]) => Object.fromEntries(names.map((name) => [name, route.params[name]]));

export interface ListSpec<R> {
  route: Route;
  title: string;
  /** The page's path in the hash, which is also the API's list route. */
  path: string;
  /** The URL's filters that the API takes as they are (paging is added). */
  query: Record<string, string | undefined>;
  fields: Field[];
  columns: Column<R>[];
  rowKey: (row: R) => string;
  rowClass?: (row: R) => string | undefined;
  /** What the page shows below the list. */
  children?: ComponentChildren;
}

/** A list of the API as a page: its filters, its table and its paging, all kept in the URL. */
export function ListPage<R>({ route, title, path, query, fields, columns, rowKey, rowClass, children }: ListSpec<R>) {
  const state = useApi<ApiPage<R>>(withQuery(path, { ...query, skip: route.params.skip }));
  return (
    <Page title={title}>
      <Filters path={path} params={route.params} fields={fields} />
      <Async state={state}>
        {(page) => (
          <>
            <Table caption={title} rows={page.items} rowKey={rowKey} rowClass={rowClass} columns={columns} />
            <Pager page={page} path={path} params={route.params} />
          </>
        )}
      </Async>
      {children}
    </Page>
  );
}

/** Previous / next over `{items, total, skip, limit}`, kept in the URL. */
export function Pager({ page, path, params }: { page: ApiPage<unknown>; path: string; params: Record<string, string> }) {
  const { t } = useI18n();
  if (page.total <= page.items.length && page.skip === 0) return null;
  const from = page.total ? page.skip + 1 : 0;
  const to = page.skip + page.items.length;
  return (
    <nav class="pager" aria-label={t('common.range', { from, to, total: page.total })}>
      <span>{t('common.range', { from, to, total: page.total })}</span>
      {page.skip > 0 ? <a href={href(path, { ...params, skip: Math.max(0, page.skip - page.limit) })}>{t('common.previous')}</a> : null}
      {to < page.total ? <a href={href(path, { ...params, skip: to })}>{t('common.next')}</a> : null}
    </nav>
  );
}

export interface Field {
  name: string;
  label: MessageKey;
  type?: 'text' | 'date' | 'number' | 'select';
  options?: { value: string; label: string }[];
  /** Suggestions for a text field. */
  suggestions?: string[];
  /** What an empty field means (`latest year`). */
  placeholder?: string;
  /** A select with no "all" choice, showing this value when the URL has none. */
  defaultValue?: string;
}

/** Filters of a list, kept in the URL: submitting one changes the hash, which reloads the list. */
export function Filters({ path, params, fields, label }: { path: string; params: Record<string, string>; fields: Field[]; label?: string }) {
  const { t } = useI18n();
  const submit = (event: TargetedSubmitEvent<HTMLFormElement>) => {
    event.preventDefault();
    const data = new FormData(event.currentTarget);
    // Other filters of the page (another form's) stay; paging starts again.
    navigate(path, { ...params, skip: undefined, ...Object.fromEntries(fields.map((field) => [field.name, String(data.get(field.name) ?? '').trim()])) });
  };
  return (
    <form class="filters" onSubmit={submit} aria-label={label ?? t('common.filter')} key={JSON.stringify(params)}>
      {fields.map((field) => {
        const id = `filter-${field.name}`;
        return (
          <div class="field" key={field.name}>
            <label for={id}>{t(field.label)}</label>
            {field.type === 'select' ? (
              <select id={id} name={field.name} defaultValue={params[field.name] ?? field.defaultValue ?? ''}>
                {field.defaultValue === undefined ? <option value="">{t('common.all')}</option> : null}
                {field.options!.map((option) => (
                  <option value={option.value} key={option.value}>
                    {option.label}
                  </option>
                ))}
              </select>
            ) : (
              <input
                id={id}
                name={field.name}
                type={field.type ?? 'text'}
                defaultValue={params[field.name] ?? ''}
                placeholder={field.placeholder}
                list={field.suggestions ? `${id}-list` : undefined}
                autoComplete="off"
              />
            )}
            {field.suggestions ? (
              <datalist id={`${id}-list`}>
                {field.suggestions.map((value) => (
                  <option value={value} key={value} />
                ))}
              </datalist>
            ) : null}
          </div>
        );
      })}
      <div class="filter-buttons">
        <button type="submit">{t('common.filter')}</button>
        <a class="button-secondary" href={href(path)}>
          {t('common.reset')}
        </a>
      </div>
    </form>
  );
}

let agencies: Promise<string[]> | undefined;

/** The agencies on record (from the client files), to suggest in the agency filters. */
export function useAgencies(): string[] {
  const [list, setList] = useState<string[]>([]);
  useEffect(() => {
    agencies ??= getJson<ApiPage<{ agency: string }>>('/clients?limit=1000').then(
      (page) => [...new Set(page.items.map((c) => c.agency))].sort(),
      () => {
        agencies = undefined;
        return [];
      },
    );
    void agencies.then(setList);
  }, []);
  return list;
}

export const agencyField = (suggestions: string[]): Field => ({ name: 'agency', label: 'common.agency', suggestions });

/** The options of a select over the API's values, labelled in the reader's language. */
export function useOptions(prefix: string, values: readonly string[]) {
  const { label } = useI18n();
  return values.map((value) => ({ value, label: label(prefix, value) }));
}

/** Links to what an alert, an action or a timeline entry names. */
export function EntityLink({ kind, id }: { kind: string; id: string }) {
  const { t } = useI18n();
  const target = { clientId: 'clients', contractId: 'contracts', complaintId: 'complaints', actionId: 'actions', surveyId: 'surveys' }[kind];
  const key = `ids.${kind}` as MessageKey;
  const text = t(key, { id }) === key ? `${kind} ${id}` : t(key, { id });
  return target ? <a href={href(`/${target}/${encodeURIComponent(id)}`)}>{text}</a> : <span>{text}</span>;
}
