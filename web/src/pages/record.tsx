import { useApi } from '../api';
import { DataView } from '../data-view';
import { type MessageKey, useI18n } from '../i18n';
import { Async, Badge, EntityLink, Page } from '../ui';
import { contractTone } from './lists';

const KINDS = {
  contract: { api: 'contracts', title: 'record.contract' },
  complaint: { api: 'complaints', title: 'record.complaint' },
  action: { api: 'actions', title: 'record.action' },
} as const satisfies Record<string, { api: string; title: MessageKey }>;

/** One contract, complaint or action, as its read model holds it; where an alert leads. */
export function RecordPage({ kind, id }: { kind: keyof typeof KINDS; id: string }) {
  const { t, label } = useI18n();
  const state = useApi<Record<string, unknown>>(`/${KINDS[kind].api}/${encodeURIComponent(id)}`);
  const title = t(KINDS[kind].title, { id });
  return (
    <Page title={title}>
      <Async state={state}>
        {(doc) => {
          // The record's own id is in the title; its client is linked next to its status.
          const { status, clientId, [`${kind}Id`]: _own, ...rest } = doc as { status?: string; clientId?: string } & Record<string, unknown>;
          return (
            <>
              <p class="record-head">
                {status ? (
                  <Badge tone={kind === 'contract' ? (contractTone[status] ?? 'neutral') : 'info'}>
                    <span data-testid="record-status">{label(kind, status)}</span>
                  </Badge>
                ) : null}
                {clientId ? <EntityLink kind="clientId" id={clientId} /> : null}
              </p>
              <DataView value={rest} />
            </>
          );
        }}
      </Async>
    </Page>
  );
}
