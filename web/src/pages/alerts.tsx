import type { Alert } from '../../../src/alerts/alert';
import { useApi, withQuery } from '../api';
import { formatDate } from '../format';
import { useI18n } from '../i18n';
import type { Route } from '../route';
import { agencyField, Async, Badge, Day, EntityLink, Filters, Page, Table, useAgencies } from '../ui';


/** The order of the groups: contracts, continuity of service, complaints and actions. Unknown kinds come last. */
const KINDS = [
  'contract_not_validated',
  'contract_not_signed',
  'contract_ending',
  'contract_up_for_renewal',
  'change_not_acknowledged',
  'replacement_without_proposal',
  'second_visit_due',
  'birthday_card_due',
  'complaint_not_acknowledged',
  'complaint_not_answered',
  'action_overdue',
];

/** The ids an alert names that lead somewhere come first: what to open, then the client. */
const LINK_ORDER = ['contractId', 'complaintId', 'actionId', 'surveyId', 'meetingId', 'clientId', 'changeId', 'requestId'];

/** Everything `GET /alerts` returns, grouped by kind, each with links to the file it concerns. */
export function AlertsPage({ route }: { route: Route }) {
  const { t, label, locale } = useI18n();
  const agency = route.params.agency || undefined;
  const state = useApi<{ today: string; alerts: Alert[] }>(withQuery('/alerts', { agency }));
  const agencies = useAgencies();
  return (
    <Page title={t('alerts.title')}>
      <Filters path="/alerts" params={route.params} fields={[agencyField(agencies)]} />
      <Async state={state}>
        {(data) => {
          const kinds = [...new Set(data.alerts.map((a) => a.kind))].sort((a, b) => rank(a) - rank(b) || a.localeCompare(b));
          return (
            <>
              <p class="summary" role="status">
                {t('alerts.summary', { total: data.alerts.length, overdue: data.alerts.filter((a) => a.overdue).length, today: formatDate(data.today, locale) })}
              </p>
              {kinds.map((kind) => {
                const alerts = data.alerts.filter((a) => a.kind === kind);
                const title = label('alert', kind);
                return (
                  <section class="alert-group" key={kind} aria-labelledby={`alerts-${kind}`} data-kind={kind}>
                    <h2 id={`alerts-${kind}`}>
                      {title} <span class="count">({alerts.length})</span>
                    </h2>
                    <Table
                      caption={title}
                      rows={alerts}
                      rowKey={(a) => JSON.stringify(a.ids)}
                      rowClass={(a) => (a.overdue ? 'overdue' : undefined)}
                      columns={[
                        {
                          header: t('alerts.concerns'),
                          cell: (a) => (
                            <span class="links">
                              {Object.entries(a.ids)
                                .sort(([x], [y]) => LINK_ORDER.indexOf(x) - LINK_ORDER.indexOf(y))
                                .map(([name, id]) => (
                                  <EntityLink key={name} kind={name} id={id} />
                                ))}
                            </span>
                          ),
                        },
                        { header: t('common.agency'), cell: (a) => a.agency ?? '—' },
                        { header: t('alerts.since'), cell: (a) => <Day value={a.since} /> },
                        { header: t('alerts.due'), cell: (a) => <Day value={a.due} /> },
                        { header: t('alerts.state'), cell: (a) => (a.overdue ? <Badge tone="bad">{t('common.overdue')}</Badge> : <Badge tone="info">{t('common.onTime')}</Badge>) },
                      ]}
                    />
                  </section>
                );
              })}
            </>
          );
        }}
      </Async>
    </Page>
  );
}

const rank = (kind: string) => (KINDS.includes(kind) ? KINDS.indexOf(kind) : KINDS.length);
