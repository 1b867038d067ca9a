import { formatDate } from '../format';
import { useI18n } from '../i18n';
import type { Route } from '../route';
import { agencyField, Badge, Day, EntityLink, Instant, ListPage, pick, type Tone, useAgencies, useOptions } from '../ui';

/** Contracts, complaints, actions and clients: filterable tables over the API's lists, filters kept in the URL. */

const CONTRACT_STATUSES = ['draft', 'validated', 'signed', 'suspended', 'terminated'] as const;
const COMPLAINT_STATUSES = ['received', 'acknowledged', 'answered', 'closed', 'reopened'] as const;
const ACTION_STATUSES = ['open', 'completed'] as const;
const ORIGIN_TYPES = ['complaint', 'survey', 'meeting', 'audit'] as const;
const CLIENT_STATUSES = ['prospect', 'active', 'former', 'deceased'] as const;

export const contractTone: Record<string, Tone> = { draft: 'warn', validated: 'info', signed: 'good', suspended: 'warn', terminated: 'neutral' };
const complaintTone: Record<string, Tone> = { received: 'bad', acknowledged: 'warn', answered: 'info', closed: 'good', reopened: 'bad' };
export const clientTone: Record<string, Tone> = { prospect: 'info', active: 'good', former: 'neutral', deceased: 'neutral' };


interface Contract {
  contractId: string;
  clientId: string;
  service: string;
  agency: string;
  status: string;
  startDate: string;
  endDate?: string;
  tacitRenewal: boolean;
}

export function ContractsPage({ route }: { route: Route }) {
  const { t, label } = useI18n();
  const agencies = useAgencies();
  const statuses = useOptions('contract', CONTRACT_STATUSES);
  return (
    <ListPage<Contract>
      route={route}
      title={t('contracts.title')}
      path="/contracts"
      query={pick(route, ['status', 'agency', 'clientId', 'endingBefore'])}
      fields={[
        { name: 'status', label: 'common.status', type: 'select', options: statuses },
        agencyField(agencies),
        { name: 'clientId', label: 'common.client' },
        { name: 'endingBefore', label: 'contracts.endingBefore', type: 'date' },
      ]}
      rowKey={(c) => c.contractId}
      columns={[
        { header: t('contracts.id'), cell: (c) => <EntityLink kind="contractId" id={c.contractId} /> },
        { header: t('common.client'), cell: (c) => <EntityLink kind="clientId" id={c.clientId} /> },
        { header: t('contracts.service'), cell: (c) => c.service },
        { header: t('common.agency'), cell: (c) => c.agency },
        { header: t('common.status'), cell: (c) => <Badge tone={contractTone[c.status] ?? 'neutral'}>{label('contract', c.status)}</Badge> },
        { header: t('contracts.start'), cell: (c) => <Day value={c.startDate} /> },
        { header: t('contracts.end'), cell: (c) => <Day value={c.endDate} /> },
        { header: t('contracts.tacitRenewal'), cell: (c) => t(c.tacitRenewal ? 'common.yes' : 'common.no') },
      ]}
    />
  );
}

interface Complaint {
  complaintId: string;
  clientId?: string;
  receivedAt: string;
  category: string;
  channel: string;
  source: string;
  agency?: string;
  status: string;
  answerDueBy?: string;
  timings: { acknowledgement: { dueBy: string; doneOn?: string; met?: boolean } };
}

export function ComplaintsPage({ route }: { route: Route }) {
  const { t, label } = useI18n();
  const agencies = useAgencies();
  const statuses = useOptions('complaint', COMPLAINT_STATUSES);
  return (
    <ListPage<Complaint>
      route={route}
      title={t('complaints.title')}
      path="/complaints"
      query={pick(route, ['status', 'year', 'agency', 'category', 'clientId'])}
      fields={[
        { name: 'status', label: 'common.status', type: 'select', options: statuses },
        { name: 'year', label: 'common.year', type: 'number' },
        agencyField(agencies),
        { name: 'category', label: 'complaints.category' },
      ]}
      rowKey={(c) => c.complaintId}
      columns={[
        { header: t('complaints.id'), cell: (c) => <EntityLink kind="complaintId" id={c.complaintId} /> },
        { header: t('complaints.receivedAt'), cell: (c) => <Day value={c.receivedAt} /> },
        { header: t('common.client'), cell: (c) => (c.clientId ? <EntityLink kind="clientId" id={c.clientId} /> : '—') },
        { header: t('common.agency'), cell: (c) => c.agency ?? '—' },
        { header: t('complaints.category'), cell: (c) => c.category },
        { header: t('complaints.channel'), cell: (c) => label('channel', c.channel) },
        { header: t('common.status'), cell: (c) => <Badge tone={complaintTone[c.status] ?? 'neutral'}>{label('complaint', c.status)}</Badge> },
        { header: t('complaints.acknowledgement'), cell: (c) => <Timing {...c.timings.acknowledgement} /> },
        { header: t('complaints.answerDue'), cell: (c) => <Day value={c.answerDueBy} /> },
      ]}
    />
  );
}

function Timing({ dueBy, doneOn, met }: { dueBy: string; doneOn?: string; met?: boolean }) {
  const { t, locale } = useI18n();
  const day = (value: string) => formatDate(value, locale);
  return doneOn ? <Badge tone={met === false ? 'bad' : 'good'}>{t('complaints.doneOn', { date: day(doneOn) })}</Badge> : <span>{t('complaints.dueBy', { date: day(dueBy) })}</span>;
}

interface Action {
  actionId: string;
  kind: string;
  description: string;
  owner: string;
  dueDate: string;
  origin: { type: string; id: string; theme?: string };
  agency?: string;
  status: string;
}

export function ActionsPage({ route }: { route: Route }) {
  const { t, label } = useI18n();
  const origin = route.params.originType ? `${route.params.originType}${route.params.originId ? `:${route.params.originId}` : ''}` : undefined;
  const agencies = useAgencies();
  const statuses = useOptions('action', ACTION_STATUSES);
  const origins = useOptions('origin', ORIGIN_TYPES);
  const today = new Date().toISOString().slice(0, 10);
  return (
    <ListPage<Action>
      route={route}
      title={t('actions.title')}
      path="/actions"
      query={{ ...pick(route, ['status', 'owner', 'agency']), origin }}
      fields={[
        { name: 'status', label: 'common.status', type: 'select', options: statuses },
        { name: 'owner', label: 'actions.owner' },
        { name: 'originType', label: 'actions.originType', type: 'select', options: origins },
        agencyField(agencies),
      ]}
      rowKey={(a) => a.actionId}
      rowClass={(a) => (a.status === 'open' && a.dueDate < today ? 'overdue' : undefined)}
      columns={[
        { header: t('actions.id'), cell: (a) => <EntityLink kind="actionId" id={a.actionId} /> },
        { header: t('actions.kind'), cell: (a) => label('action', a.kind) },
        { header: t('actions.description'), cell: (a) => a.description, class: 'wide' },
        { header: t('actions.owner'), cell: (a) => a.owner },
        { header: t('actions.due'), cell: (a) => <Day value={a.dueDate} /> },
        { header: t('actions.origin'), cell: (a) => <EntityLink kind={`${a.origin.type}Id`} id={a.origin.id} /> },
        {
          header: t('common.status'),
          cell: (a) =>
            a.status === 'open' && a.dueDate < today ? (
              <Badge tone="bad">{`${label('action', a.status)}, ${t('common.overdue')}`}</Badge>
            ) : (
              <Badge tone={a.status === 'completed' ? 'good' : 'info'}>{label('action', a.status)}</Badge>
            ),
        },
      ]}
    />
  );
}

interface ClientSummary {
  clientId: string;
  fullName: string;
  agency: string;
  status: string;
  registeredAt: string;
  contracts: unknown[];
}

export function ClientsPage({ route }: { route: Route }) {
  const { t, label } = useI18n();
  const agencies = useAgencies();
  const statuses = useOptions('client', CLIENT_STATUSES);
  return (
    <ListPage<ClientSummary>
      route={route}
      title={t('clients.title')}
      path="/clients"
      query={pick(route, ['agency', 'status'])}
      fields={[agencyField(agencies), { name: 'status', label: 'common.status', type: 'select', options: statuses }]}
      rowKey={(c) => c.clientId}
      columns={[
        { header: t('clients.id'), cell: (c) => <EntityLink kind="clientId" id={c.clientId} /> },
        { header: t('clients.name'), cell: (c) => c.fullName },
        { header: t('common.agency'), cell: (c) => c.agency },
        { header: t('common.status'), cell: (c) => <Badge tone={clientTone[c.status] ?? 'neutral'}>{label('client', c.status)}</Badge> },
        { header: t('clients.contracts'), cell: (c) => c.contracts.length },
        { header: t('clients.registeredAt'), cell: (c) => <Instant value={c.registeredAt} /> },
      ]}
    />
  );
}
