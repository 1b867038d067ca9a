import { useApi, withQuery } from '../api';
import { LineChart } from '../charts';
import { formatNumber, formatPercent } from '../format';
import { type MessageKey, useI18n } from '../i18n';
import type { Route } from '../route';
import { agencyField, Async, Badge, Filters, Page, type Tone, useAgencies } from '../ui';

type Status = 'met' | 'not_met' | 'no_data';

interface Indicator {
  key: string;
  label: string;
  value: number | null;
  numerator: number | null;
  denominator: number | null;
  target: number;
  status: Status;
  owner: string | null;
}

interface Series {
  key: string;
  points: { year: number; value: number; numerator: number | null; denominator: number | null; status: Status }[];
}

/** Indicators counted in facts (meetings, newsletters); the others are shares in percent. */
const COUNTS = new Set(['field_staff_meetings', 'newsletters_published']);
/** The one share whose numerator and denominator are amounts (euros). */
const AMOUNTS = new Set(['training_payroll_share']);

export const statusTone: Record<Status, Tone> = { met: 'good', not_met: 'bad', no_data: 'neutral' };

/** The eight indicators of a year against their targets, and each one across the years on record. */
export function IndicatorsPage({ route }: { route: Route }) {
  const { t } = useI18n();
  const thisYear = new Date().getFullYear();
  const year = Number(route.params.year) || thisYear;
  const agency = route.params.agency || undefined;
  const state = useApi<{ year: number; indicators: Indicator[] }>(withQuery('/indicators', { year, agency }));
  const agencies = useAgencies();
  const years = [...new Set([thisYear, year, ...Array.from({ length: 6 }, (_, i) => thisYear - 1 - i)])].sort((a, b) => b - a);
  return (
    <Page title={t('indicators.title', { year })}>
      <Filters
        path="/indicators"
        params={route.params}
        fields={[
          { name: 'year', label: 'common.year', type: 'select', options: years.map((y) => ({ value: String(y), label: String(y) })), defaultValue: String(thisYear) },
          agencyField(agencies),
        ]}
      />
      <Async state={state}>
        {(data) => {
          const count = (status: Status) => data.indicators.filter((i) => i.status === status).length;
          return (
            <>
              <p class="summary" role="status">
                {t('indicators.summary', { met: count('met'), notMet: count('not_met'), noData: count('no_data'), total: data.indicators.length })}
              </p>
              <div class="cards">
                {data.indicators.map((indicator) => (
                  <IndicatorCard key={indicator.key} indicator={indicator} agency={agency} />
                ))}
              </div>
            </>
          );
        }}
      </Async>
    </Page>
  );
}

function IndicatorCard({ indicator, agency }: { indicator: Indicator; agency?: string }) {
  const { t, label, locale } = useI18n();
  const series = useApi<Series>(withQuery('/indicators/series', { key: indicator.key, agency }));
  const isCount = COUNTS.has(indicator.key);
  const show = (value: number | null) => (isCount ? formatNumber(value, locale) : formatPercent(value, locale));
  const amount = (value: number | null) =>
    AMOUNTS.has(indicator.key) && value !== null ? new Intl.NumberFormat(locale, { style: 'currency', currency: 'EUR', maximumFractionDigits: 0 }).format(value) : formatNumber(value, locale);
  const name = label('indicator', indicator.key);
  const headingId = `indicator-${indicator.key}`;
  const target = show(indicator.target);
  return (
    <article class={`card indicator indicator-${indicator.status}`} aria-labelledby={headingId} data-indicator={indicator.key} data-status={indicator.status}>
      <h2 id={headingId}>{name}</h2>
      <p class="figure">
        <span class="value">{indicator.status === 'no_data' ? '—' : show(indicator.value)}</span>
        <Badge tone={statusTone[indicator.status]}>{t(`status.${indicator.status}` as MessageKey)}</Badge>
      </p>
      <p class="target">{t('indicators.target', { target })}</p>
      <p class="muted small">
        {indicator.status === 'no_data'
          ? null
          : isCount
            ? t('indicators.count', { numerator: formatNumber(indicator.numerator, locale) })
            : t('indicators.ratio', { numerator: amount(indicator.numerator), denominator: amount(indicator.denominator) })}
        {indicator.owner ? <span class="owner"> · {t('indicators.owner', { owner: indicator.owner })}</span> : null}
      </p>
      {series.data ? (
        series.data.points.length ? (
          <div class="chart-wrap">
          <LineChart
            title={t('indicators.chart', { label: name, target })}
            description={series.data.points.map((p) => `${p.year} : ${show(p.value)} (${t(`status.${p.status}` as MessageKey)})`).join(' ; ')}
            points={series.data.points.map((p) => ({ x: p.year, y: p.value, tone: p.status === 'met' ? 'good' : 'bad' }))}
            target={indicator.target}
            format={show}
            max={isCount ? undefined : 100}
          />
          <p class="chart-legend small muted" aria-hidden="true">
            <span class="legend-target" /> {t('indicators.targetLine')} <span class="legend-dot legend-good" /> {t('status.met')} <span class="legend-dot legend-bad" /> {t('status.not_met')}
          </p>
          </div>
        ) : (
          <p class="muted small">{t('indicators.noSeries')}</p>
        )
      ) : series.error ? (
        <p class="muted small">{series.error.message}</p>
      ) : null}
    </article>
  );
}
