import type { TargetedSubmitEvent } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import type { ClientDetails } from '../../../src/continuity/client.events';
import { ApiError, type Loaded, request, useApi, withQuery } from '../api';
import { DataView } from '../data-view';
import { formatInstant, fromLocalInput, toLocalInput } from '../format';
import { useI18n } from '../i18n';
import { navigate, pathTo, type Route } from '../route';
import { Async, Badge, Day, EntityLink, ErrorBox, Facts, Instant, Page, Table } from '../ui';
import { clientTone, contractTone } from './lists';

/** `GET /clients/{id}`: the details given at registration, and what happened since. */
interface ClientFile extends ClientDetails {
  status: string;
  registeredAt: string;
  deceasedOn?: string;
  contracts: { contractId: string; service: string; status: string }[];
  changes: { changeId: string; kind: string; channel: string; reportedAt: string; effectiveFrom: string; effectiveUntil?: string; urgent: boolean; acknowledgedAt?: string }[];
  visits: { visitId: string; visitedAt: string; by: string }[];
  replacementRequests: { requestId: string; requestedAt: string; proposedAt?: string; replacementStaffId?: string }[];
}

interface ContractDoc {
  contractId: string;
  service: string;
  status: string;
  validation?: { at: string };
  signature?: { at: string };
  termination?: { effectiveAt: string };
}

interface ComplaintDoc {
  complaintId: string;
  receivedAt: string;
  category: string;
  status: string;
}

interface HistoryEvent {
  position: number;
  streamId: string;
  revision: number;
  type: string;
  data: Record<string, unknown>;
  occurredAt: string;
  recordedAt: string;
  actor: { id: string; role: string; name: string };
}

interface StateView {
  at?: string;
  occurredAt?: string;
  asOfPosition: number;
  client: ClientFile;
  contracts: ContractDoc[];
  complaints: ComplaintDoc[];
}

interface Verification {
  ok: boolean;
  eventsChecked: number;
  firstBadPosition?: number;
  reason?: string;
}

/** Once a key was refused the log (403), the page stops asking for it during the session. */
const NOT_AUDITOR = 'qualirec.notAuditor';

/**
 * A client's file: as it is now (quality and auditor keys), and for auditors the log itself — the
 * timeline of every event, the file as it was at a chosen instant, the log's verification and the
 * ndjson export (docs/audit.md).
 */
export function ClientFilePage({ id, route }: { id: string; route: Route }) {
  const { t, label, locale } = useI18n();
  const base = pathTo('clients', id);
  const current = useApi<ClientFile>(base);
  const [notAuditor, setNotAuditor] = useState(() => sessionStorage.getItem(NOT_AUDITOR) === '1');
  const history = useApi<{ events: HistoryEvent[] }>(notAuditor ? null : `${base}/history`);
  const forbidden = notAuditor || (history.error instanceof ApiError && history.error.status === 403);
  useEffect(() => {
    if (forbidden) sessionStorage.setItem(NOT_AUDITOR, '1');
  }, [forbidden]);
  const verification = useApi<Verification>(history.data ? '/audit/verify' : null);
  const { at, occurredAt } = route.params;
  const state = useApi<StateView>(history.data && (at || occurredAt) ? withQuery(`${base}/state`, { at, occurredAt }) : null);

  return (
    <Page title={t('file.title', { id })}>
      <nav class="jump" aria-label={t('file.jump')}>
        {t('file.jump')} : <a href="#current-title" onClick={jumpTo('current-title')}>{t('file.current')}</a> ·{' '}
        <a href="#audit-title" onClick={jumpTo('audit-title')}>
          {t('file.audit')}
        </a>
      </nav>
      <Async state={current}>
        {(file) => (
          <section aria-labelledby="current-title" class="panel">
            <h2 id="current-title">
              {t('file.current')} <Badge tone={clientTone[file.status] ?? 'neutral'}>{label('client', file.status)}</Badge>
            </h2>
            <ClientFileView file={file} level={3} />
          </section>
        )}
      </Async>

      <section aria-labelledby="audit-title" class="panel audit">
        <h2 id="audit-title">{t('file.audit')}</h2>
        {forbidden ? (
          <div class="notice notice-info">
            <p>{t('file.auditorsOnly')}</p>
            <button
              type="button"
              class="button-secondary"
              onClick={() => {
                sessionStorage.removeItem(NOT_AUDITOR);
                setNotAuditor(false);
                history.reload();
              }}
            >
              {t('common.retry')}
            </button>
          </div>
        ) : (
          <>
            <div class="audit-tools">
              <VerificationStatus state={verification} />
              <ExportButton id={id} />
            </div>
            <div class="audit-grid">
              <div class="as-of">
                <h3 id="state-title">{t('file.stateTitle')}</h3>
                <AsOfForm base={base} params={route.params} />
                {state.error ? <ErrorBox error={state.error} /> : null}
                {state.data ? (
                  <div data-testid="state-view" aria-labelledby="state-title" role="region">
                    <p class="summary" role="status">
                      {t('file.asOf', { when: state.data.at ? formatInstant(state.data.at, locale) : (state.data.occurredAt ?? ''), position: state.data.asOfPosition })}
                    </p>
                    <ClientFileView file={state.data.client} contracts={state.data.contracts} complaints={state.data.complaints} level={4} />
                  </div>
                ) : !at && !occurredAt ? (
                  <p class="muted">{t('file.pickInstant')}</p>
                ) : null}
              </div>
              <Async state={history}>
                {(h) => <Timeline events={h.events} base={base} asOf={state.data?.at ? state.data.asOfPosition : undefined} />}
              </Async>
            </div>
          </>
        )}
      </section>
    </Page>
  );
}

/** In-page links: the hash holds the route, so they scroll without changing it. */
const jumpTo = (target: string) => (event: MouseEvent) => {
  event.preventDefault();
  document.getElementById(target)?.scrollIntoView({ behavior: 'smooth', block: 'start' });
};

function Heading({ level, children }: { level: number; children: string }) {
  return level === 3 ? <h3>{children}</h3> : <h4>{children}</h4>;
}

/** The client file document, now or as it was; with the full contracts and complaints when the state view gives them. */
function ClientFileView({ file, contracts, complaints, level }: { file: ClientFile; contracts?: ContractDoc[]; complaints?: ComplaintDoc[]; level: number }) {
  const { t, label } = useI18n();
  const contractRows: ContractDoc[] = contracts ?? file.contracts;
  return (
    <div class="client-file">
      <Facts
        items={[
          [t('clients.name'), file.fullName],
          [t('file.address'), file.address],
          [t('common.agency'), file.agency],
          [t('file.birthDate'), <Day value={file.birthDate} />],
          [t('file.dependent'), t(file.dependent ? 'common.yes' : 'common.no')],
          [t('file.wantsSecondVisit'), t(file.wantsSecondVisit ? 'common.yes' : 'common.no')],
          [t('common.status'), <Badge tone={clientTone[file.status] ?? 'neutral'}>{label('client', file.status)}</Badge>],
          [t('clients.registeredAt'), <Instant value={file.registeredAt} />],
        ]}
      />
      <Heading level={level}>{t('clients.contracts')}</Heading>
      <Table
        caption={t('clients.contracts')}
        rows={contractRows}
        rowKey={(c) => c.contractId}
        columns={[
          { header: t('contracts.id'), cell: (c) => <EntityLink kind="contractId" id={c.contractId} /> },
          { header: t('contracts.service'), cell: (c) => c.service },
          { header: t('common.status'), cell: (c) => <Badge tone={contractTone[c.status] ?? 'neutral'}>{label('contract', c.status)}</Badge> },
          ...(contracts
            ? [
                { header: t('field.validation'), cell: (c: ContractDoc) => <Day value={c.validation?.at} /> },
                { header: t('field.signature'), cell: (c: ContractDoc) => <Day value={c.signature?.at} /> },
              ]
            : []),
        ]}
      />
      <Heading level={level}>{t('file.changes')}</Heading>
      <Table
        caption={t('file.changes')}
        rows={file.changes}
        rowKey={(c) => c.changeId}
        columns={[
          { header: t('field.kind'), cell: (c) => label('change', c.kind) },
          { header: t('field.channel'), cell: (c) => label('channel', c.channel) },
          { header: t('field.reportedAt'), cell: (c) => <Day value={c.reportedAt} /> },
          { header: t('field.effectiveFrom'), cell: (c) => <Day value={c.effectiveFrom} /> },
          { header: t('field.effectiveUntil'), cell: (c) => <Day value={c.effectiveUntil} /> },
          { header: t('field.urgent'), cell: (c) => t(c.urgent ? 'common.yes' : 'common.no') },
          { header: t('field.acknowledgedAt'), cell: (c) => (c.acknowledgedAt ? <Day value={c.acknowledgedAt} /> : <Badge tone="warn">{t('common.no')}</Badge>) },
        ]}
      />
      <Heading level={level}>{t('file.visits')}</Heading>
      <Table
        caption={t('file.visits')}
        rows={file.visits}
        rowKey={(v) => v.visitId}
        columns={[
          { header: t('field.visitedAt'), cell: (v) => <Day value={v.visitedAt} /> },
          { header: t('field.by'), cell: (v) => v.by },
        ]}
      />
      <Heading level={level}>{t('file.replacements')}</Heading>
      <Table
        caption={t('file.replacements')}
        rows={file.replacementRequests}
        rowKey={(r) => r.requestId}
        columns={[
          { header: t('field.requestedAt'), cell: (r) => <Day value={r.requestedAt} /> },
          { header: t('field.proposedAt'), cell: (r) => (r.proposedAt ? <Day value={r.proposedAt} /> : <Badge tone="warn">{t('common.no')}</Badge>) },
          { header: t('field.replacementStaffId'), cell: (r) => r.replacementStaffId ?? '—' },
        ]}
      />
      {complaints ? (
        <>
          <Heading level={level}>{t('file.complaints')}</Heading>
          <Table
            caption={t('file.complaints')}
            rows={complaints}
            rowKey={(c) => c.complaintId}
            columns={[
              { header: t('complaints.id'), cell: (c) => <EntityLink kind="complaintId" id={c.complaintId} /> },
              { header: t('complaints.receivedAt'), cell: (c) => <Day value={c.receivedAt} /> },
              { header: t('complaints.category'), cell: (c) => c.category },
              { header: t('common.status'), cell: (c) => label('complaint', c.status) },
            ]}
          />
        </>
      ) : null}
    </div>
  );
}

/** Either view of docs/audit.md: as recorded at an instant (`at`), or as true on a date (`occurredAt`). */
function AsOfForm({ base, params }: { base: string; params: Record<string, string> }) {
  const { t } = useI18n();
  const [mode, setMode] = useState<'at' | 'occurredAt'>(params.occurredAt ? 'occurredAt' : 'at');
  const submit = (event: TargetedSubmitEvent<HTMLFormElement>) => {
    event.preventDefault();
    const data = new FormData(event.currentTarget);
    if (mode === 'occurredAt') return navigate(base, { occurredAt: String(data.get('date') ?? '') });
    const value = String(data.get('instant') ?? '');
    // The field shows whole seconds: unchanged, it keeps the exact instant it was given.
    const instant = params.at && value === toLocalInput(params.at) ? params.at : fromLocalInput(value);
    if (instant) navigate(base, { at: instant });
  };
  return (
    <form class="as-of-form" onSubmit={submit} key={`${params.at}|${params.occurredAt}`}>
      <fieldset>
        <legend>{t('file.mode')}</legend>
        <label class="choice">
          <input type="radio" name="mode" value="at" checked={mode === 'at'} onChange={() => setMode('at')} /> {t('file.modeAt')}
        </label>
        <label class="choice">
          <input type="radio" name="mode" value="occurredAt" checked={mode === 'occurredAt'} onChange={() => setMode('occurredAt')} /> {t('file.modeOccurred')}
        </label>
      </fieldset>
      {mode === 'at' ? (
        <div class="field">
          <label for="as-of-instant">{t('file.instant')}</label>
          <input id="as-of-instant" name="instant" type="datetime-local" step={1} required defaultValue={params.at ? toLocalInput(params.at) : ''} />
        </div>
      ) : (
        <div class="field">
          <label for="as-of-date">{t('file.date')}</label>
          <input id="as-of-date" name="date" type="date" required defaultValue={params.occurredAt ?? ''} />
        </div>
      )}
      <button type="submit">{t('file.show')}</button>
    </form>
  );
}

const STREAM_LINKS: Record<string, string> = { contract: 'contractId', complaint: 'complaintId', action: 'actionId' };

/** Every event of the client's history, in commit order: what, who, business time and recording time. */
function Timeline({ events, base, asOf }: { events: HistoryEvent[]; base: string; asOf?: number }) {
  const { t, label, locale } = useI18n();
  return (
    <section class="timeline-section" aria-labelledby="timeline-title">
      <h3 id="timeline-title">{t('file.timeline', { count: events.length })}</h3>
      <ol class="timeline">
        {events.map((event) => {
          const later = asOf !== undefined && event.position > asOf;
          const dash = event.streamId.indexOf('-');
          const streamKind = STREAM_LINKS[event.streamId.slice(0, dash)];
          const name = label('event', event.type);
          return (
            <li class={`event${later ? ' later' : ''}${asOf === event.position ? ' current' : ''}`} key={event.position} data-type={event.type}>
              <div class="event-head">
                <strong>{name}</strong>
                {streamKind ? <EntityLink kind={streamKind} id={event.streamId.slice(dash + 1)} /> : null}
                <button
                  type="button"
                  class="button-secondary small"
                  aria-label={`${t('file.showAt')} : ${name}, ${formatInstant(event.recordedAt, locale)}`}
                  title={t('file.showAt')}
                  onClick={() => navigate(base, { at: event.recordedAt })}
                >
                  {t('file.showAtShort')}
                </button>
              </div>
              <Facts
                class="event-times"
                items={[
                  [t('file.businessTime'), <Day value={event.occurredAt} />],
                  [t('file.recordedAt'), <Instant value={event.recordedAt} />],
                  [t('file.who'), `${event.actor.name} (${label('role', event.actor.role)})`],
                ]}
              />
              {later ? <p class="muted small">{t('file.notYet')}</p> : null}
              <details>
                <summary>
                  {t('common.details')} <span class="visually-hidden">{name}</span>
                </summary>
                <p class="muted small">{t('file.position', { position: event.position, stream: event.streamId, revision: event.revision })}</p>
                <DataView value={event.data} />
              </details>
            </li>
          );
        })}
      </ol>
    </section>
  );
}

function VerificationStatus({ state }: { state: Loaded<Verification> }) {
  const { t } = useI18n();
  return (
    <div class="verification" data-testid="verification" role="status" aria-live="polite">
      <h3>{t('file.verify')}</h3>
      {state.error ? (
        <ErrorBox error={state.error} onRetry={state.reload} />
      ) : !state.data ? (
        <p class="muted">{t('file.verifying')}</p>
      ) : state.data.ok ? (
        <p data-verified="ok">
          <Badge tone="good">{t('file.verifyOk', { count: state.data.eventsChecked })}</Badge>
        </p>
      ) : (
        <p data-verified="bad">
          <Badge tone="bad">{t('file.verifyBad', { count: state.data.eventsChecked, position: state.data.firstBadPosition ?? '?', reason: state.data.reason ?? '' })}</Badge>
        </p>
      )}
    </div>
  );
}

/** The history as stored, one event per line (hashes included), downloaded with the session's key. */
function ExportButton({ id }: { id: string }) {
  const { t } = useI18n();
  const [busy, setBusy] = useState(false);
  const [done, setDone] = useState<string>();
  const [error, setError] = useState<Error>();
  const download = async () => {
    setBusy(true);
    setError(undefined);
    try {
      const response = await request(`${pathTo('clients', id)}/history?format=ndjson`, { accept: 'application/x-ndjson' });
      const name = /filename="([^"]+)"/.exec(response.headers.get('content-disposition') ?? '')?.[1] ?? `client-${id}-history.ndjson`;
      const text = await response.text();
      const url = URL.createObjectURL(new Blob([text], { type: 'application/x-ndjson' }));
      const link = document.createElement('a');
      link.href = url;
      link.download = name;
      document.body.append(link);
      link.click();
      link.remove();
      setTimeout(() => URL.revokeObjectURL(url), 60_000);
      setDone(t('file.exported', { name, count: text.split('\n').filter(Boolean).length }));
    } catch (failure) {
      setError(failure instanceof Error ? failure : new Error(String(failure)));
    } finally {
      setBusy(false);
    }
  };
  return (
    <div class="export">
      <button type="button" onClick={download} disabled={busy}>
        {busy ? t('file.exporting') : t('file.export')}
      </button>
      <p role="status" class="small">
        {done}
      </p>
      {error ? <ErrorBox error={error} /> : null}
    </div>
  );
}
