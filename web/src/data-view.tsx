import { useI18n } from './i18n';
import { Day, EntityLink, Facts, Instant } from './ui';

/**
 * Any document of the API, shown as nested definition lists and tables, with its field names in
 * the reader's language: a contract, a complaint, an event's data. Ids of other records are links.
 */

const LINKED = new Set(['clientId', 'contractId', 'complaintId', 'actionId', 'surveyId']);
/** Fields whose values are codes, and where the dictionary may have their label. */
const CODES: Record<string, string[]> = {
  status: ['contract', 'complaint', 'action', 'client'],
  kind: ['change', 'action'],
  type: ['origin'],
  channel: ['channel'],
  day: ['day'],
  paymentMode: ['payment'],
};
const DAY = /^\d{4}-\d{2}-\d{2}$/;
const INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/;

export function DataView({ value, name }: { value: unknown; name?: string }) {
  const { t, label, locale } = useI18n();
  if (value === null || value === undefined || value === '') return <span>—</span>;
  if (typeof value === 'boolean') return <span>{t(value ? 'common.yes' : 'common.no')}</span>;
  if (typeof value === 'number') return <span>{name === 'year' ? value : new Intl.NumberFormat(locale).format(value)}</span>;
  if (typeof value === 'string') {
    if (name && LINKED.has(name)) return <EntityLink kind={name} id={value} />;
    if (DAY.test(value)) return <Day value={value} />;
    if (INSTANT.test(value)) return <Instant value={value} />;
    if (name && CODES[name]) return <span>{CODES[name].map((prefix) => label(prefix, value)).find((text) => text !== value) ?? value}</span>;
    return <span>{value}</span>;
  }
  if (Array.isArray(value)) {
    if (!value.length) return <span>—</span>;
    if (value.every((item) => item !== null && typeof item === 'object' && !Array.isArray(item))) {
      const keys = [...new Set(value.flatMap((item) => Object.keys(item as object)))];
      return (
        <div class="table-wrap">
          <table class="compact">
            <thead>
              <tr>
                {keys.map((key) => (
                  <th scope="col" key={key}>
                    {label('field', key)}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {value.map((item, index) => (
                <tr key={index}>
                  {keys.map((key) => (
                    <td key={key}>
                      <DataView value={(item as Record<string, unknown>)[key]} name={key} />
                    </td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      );
    }
    return <span>{value.map(String).join(', ')}</span>;
  }
  const entries = Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== undefined);
  return <Facts items={entries.map(([key, v]) => [label('field', key), <DataView value={v} name={key} />])} />;
}
