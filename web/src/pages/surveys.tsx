import { useApi, withQuery } from '../api';
import { BarChart } from '../charts';
import { formatNumber, formatShare } from '../format';
import { type I18n, type MessageKey, useI18n } from '../i18n';
import { href, type Route } from '../route';
import { agencyField, Async, Badge, EntityLink, Facts, Filters, ListPage, Page, pick, Table, useAgencies, useOptions } from '../ui';

const THEMES = ['orientation', 'reception', 'handling', 'follow_up', 'objectives', 'methods', 'materials', 'logistics', 'other'] as const;

interface Warning {
  code: string;
  message: string;
}

interface SurveySummary {
  surveyId: string;
  year: number;
  agency: string;
  invited: number;
  responses: number;
  responseRate: number;
  status: string;
}

interface ThemeFigures {
  theme: string;
  respondents: number;
  average: number | null;
  satisfiedShare: number | null;
  distribution: Record<string, number>;
  representative: boolean;
  warnings: Warning[];
}

interface Results extends SurveySummary {
  representative: boolean;
  warnings: Warning[];
  byTheme: (ThemeFigures & { actionIds: string[] })[];
  byQuestion: { questionId: string; theme: string; text: string; count: number; average: number | null; satisfiedShare: number | null; representative: boolean }[];
  comments: { questionnaireVersion: number; comment: string }[];
  actions: { actionId: string; description: string; owner: string; dueDate: string; status: string; theme: string | null }[];
}

interface Benchmark {
  year: number | null;
  byTheme: { theme: string; surveys: (ThemeFigures & { surveyId: string; agency: string; responses: number; invited: number; responseRate: number })[] }[];
}

/** The API's representativeness warnings in the reader's language, with the figures of the scope (survey or theme). */
function warningText({ t, label, locale }: I18n, warning: Warning, responses: number, invited: number): string {
  const key = `warning.${warning.code}` as MessageKey;
  const text = label('warning', warning.code);
  if (text === warning.code) return warning.message;
  return t(key, { responses, invited, rate: formatShare(invited ? responses / invited : 0, locale) });
}

/** The campaigns, and the agencies compared theme by theme. */
export function SurveysPage({ route }: { route: Route }) {
  const { t, label, locale } = useI18n();
  const benchmark = useApi<Benchmark>(withQuery('/surveys/benchmark', { year: route.params.benchmarkYear, theme: route.params.theme }));
  const agencies = useAgencies();
  const statuses = [
    { value: 'open', label: t('surveys.open') },
    { value: 'closed', label: t('surveys.closed') },
  ];
  const themes = useOptions('theme', THEMES);
  return (
    <ListPage<SurveySummary>
      route={route}
      title={t('surveys.title')}
      path="/surveys"
      query={pick(route, ['year', 'agency', 'status'])}
      fields={[{ name: 'year', label: 'common.year', type: 'number' }, agencyField(agencies), { name: 'status', label: 'common.status', type: 'select', options: statuses }]}
      rowKey={(s) => s.surveyId}
      columns={[
        { header: t('surveys.id'), cell: (s) => <a href={href(`/surveys/${encodeURIComponent(s.surveyId)}`)}>{s.surveyId}</a> },
        { header: t('common.year'), cell: (s) => s.year },
        { header: t('common.agency'), cell: (s) => s.agency },
        { header: t('surveys.invited'), cell: (s) => formatNumber(s.invited, locale), class: 'num' },
        { header: t('surveys.responses'), cell: (s) => formatNumber(s.responses, locale), class: 'num' },
        { header: t('surveys.rate'), cell: (s) => formatShare(s.responseRate, locale), class: 'num' },
        { header: t('common.status'), cell: (s) => (s.status === 'open' ? t('surveys.open') : t('surveys.closed')) },
      ]}
    >
      <section aria-labelledby="benchmark-title" class="benchmark">
        <h2 id="benchmark-title">{t('surveys.benchmark')}</h2>
        <Filters
          path="/surveys"
          params={route.params}
          label={t('surveys.benchmark')}
          fields={[
            { name: 'benchmarkYear', label: 'common.year', type: 'number', placeholder: t('surveys.latestYear') },
            { name: 'theme', label: 'surveys.theme', type: 'select', options: themes },
          ]}
        />
        <Async state={benchmark}>
          {(data) => {
            const rows = data.byTheme.flatMap((group) => group.surveys.map((s) => ({ ...s, theme: group.theme })));
            if (data.year === null || !rows.length) return <p class="muted">{t('surveys.noBenchmark')}</p>;
            const agencyOrder = [...new Set(rows.map((r) => r.agency))].sort();
            const twice = new Set(agencyOrder.filter((a) => new Set(rows.filter((r) => r.agency === a).map((r) => r.surveyId)).size > 1));
            const name = (r: { agency: string; surveyId: string }) => (twice.has(r.agency) ? `${r.agency} (${r.surveyId})` : r.agency);
            const title = t('surveys.benchmarkChart', { year: data.year });
            return (
              <>
                <p class="chart-title">{title}</p>
                <ul class="legend" aria-hidden="true">
                  {agencyOrder.map((agency, index) => (
                    <li key={agency}>
                      <span class={`swatch series-${index % 6}`} /> {agency}
                    </li>
                  ))}
                  <li>
                    <span class="swatch faded-swatch" /> {t('surveys.legendHatched')}
                  </li>
                </ul>
                <BarChart
                  title={title}
                  description={rows.map((r) => `${label('theme', r.theme)}, ${name(r)} : ${formatNumber(r.average, locale)}${r.representative ? '' : ' ⚠'}`).join(' ; ')}
                  max={5}
                  format={(v) => formatNumber(v, locale)}
                  groups={data.byTheme.map((group) => ({
                    label: label('theme', group.theme),
                    bars: group.surveys.map((s) => ({ label: name(s), value: s.average, faded: !s.representative, series: agencyOrder.indexOf(s.agency) })),
                  }))}
                />
                <details>
                  <summary>{t('common.data')}</summary>
                  <Table
                    caption={title}
                    rows={rows}
                    rowKey={(r) => `${r.theme}-${r.surveyId}`}
                    columns={[
                      { header: t('surveys.theme'), cell: (r) => label('theme', r.theme) },
                      { header: t('common.agency'), cell: (r) => name(r) },
                      { header: t('surveys.average'), cell: (r) => formatNumber(r.average, locale), class: 'num' },
                      { header: t('surveys.satisfied'), cell: (r) => formatShare(r.satisfiedShare, locale), class: 'num' },
                      { header: t('surveys.respondents'), cell: (r) => `${r.respondents} / ${r.invited}`, class: 'num' },
                      { header: t('surveys.representativeShort'), cell: (r) => <Representative ok={r.representative} /> },
                    ]}
                  />
                </details>
              </>
            );
          }}
        </Async>
      </section>
    </ListPage>
  );
}

function Representative({ ok }: { ok: boolean }) {
  const { t } = useI18n();
  return ok ? <Badge tone="good">{t('common.yes')}</Badge> : <Badge tone="warn">{t('common.no')}</Badge>;
}

/** One campaign's results by theme, with the representativeness warning of seed 004. */
export function SurveyResultsPage({ id }: { id: string }) {
  const i18n = useI18n();
  const { t, label, locale } = i18n;
  const state = useApi<Results>(`/surveys/${encodeURIComponent(id)}/results`);
  return (
    <Async state={state}>
      {(r) => (
        <Page title={t('surveys.resultsTitle', { id: r.surveyId, agency: r.agency, year: r.year })} actions={<a href={href('/surveys')}>{t('common.back')}</a>}>
          <Facts
            items={[
              [t('surveys.invited'), formatNumber(r.invited, locale)],
              [t('surveys.responses'), formatNumber(r.responses, locale)],
              [t('surveys.rate'), formatShare(r.responseRate, locale)],
              [t('common.status'), r.status === 'open' ? t('surveys.open') : t('surveys.closed')],
            ]}
          />
          {r.representative ? (
            <p class="notice notice-good">
              <Badge tone="good">{t('surveys.representative')}</Badge>
            </p>
          ) : (
            <div class="notice notice-warn" role="note" data-testid="representativeness">
              <p>
                <strong>⚠ {t('surveys.notRepresentative')}</strong>
              </p>
              <ul>
                {r.warnings.map((w) => (
                  <li key={w.code}>{warningText(i18n, w, r.responses, r.invited)}</li>
                ))}
              </ul>
            </div>
          )}
          <h2>{t('surveys.byTheme')}</h2>
          <Table
            caption={t('surveys.byTheme')}
            rows={r.byTheme}
            rowKey={(th) => th.theme}
            columns={[
              { header: t('surveys.theme'), cell: (th) => label('theme', th.theme) },
              { header: t('surveys.respondents'), cell: (th) => formatNumber(th.respondents, locale), class: 'num' },
              { header: t('surveys.average'), cell: (th) => formatNumber(th.average, locale), class: 'num' },
              { header: t('surveys.satisfied'), cell: (th) => formatShare(th.satisfiedShare, locale), class: 'num' },
              { header: t('surveys.distribution'), cell: (th) => [1, 2, 3, 4, 5].map((s) => th.distribution[s] ?? 0).join(' · ') },
              {
                header: t('surveys.representativeShort'),
                cell: (th) =>
                  th.representative ? (
                    <Representative ok />
                  ) : (
                    <span title={th.warnings.map((w) => warningText(i18n, w, th.respondents, r.invited)).join(' ')}>
                      <Representative ok={false} />
                    </span>
                  ),
              },
              { header: t('surveys.actions'), cell: (th) => (th.actionIds.length ? th.actionIds.map((a) => <EntityLink key={a} kind="actionId" id={a} />) : '—') },
            ]}
          />
          <h2>{t('surveys.byQuestion')}</h2>
          <Table
            caption={t('surveys.byQuestion')}
            rows={r.byQuestion}
            rowKey={(q) => `${q.questionId}-${q.text}`}
            columns={[
              { header: t('surveys.question'), cell: (q) => q.text, class: 'wide' },
              { header: t('surveys.theme'), cell: (q) => label('theme', q.theme) },
              { header: t('surveys.responses'), cell: (q) => formatNumber(q.count, locale), class: 'num' },
              { header: t('surveys.average'), cell: (q) => formatNumber(q.average, locale), class: 'num' },
              { header: t('surveys.satisfied'), cell: (q) => formatShare(q.satisfiedShare, locale), class: 'num' },
            ]}
          />
          {r.comments.length ? (
            <>
              <h2>{t('surveys.comments')}</h2>
              <ul class="comments">
                {r.comments.map((c, index) => (
                  <li key={index}>{c.comment}</li>
                ))}
              </ul>
            </>
          ) : null}
        </Page>
      )}
    </Async>
  );
}
