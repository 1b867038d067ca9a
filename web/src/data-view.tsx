import { useI18n } from './i18n';
import { Day, EntityLink, Instant } from './ui';

/**
 * Any document of the API, shown as nested definition lists and tables, with its field names in
 * the reader's language: a contract, a complaint, an event's data. Ids of other records are links.
 */

const LINKED = new Set(['clientId', 'contractId', 'complaintId', 'actionId', 'surveyId']);
/** Fields whose values are codes with a label somewhere in the dictionary. */
const ENUMS = new Set(['status', 'kind', 'channel', 'type']);
const VALUE_PREFIXES = ['change', 'action', 'channel', 'origin', 'contract', 'complaint', 'client'];
const DAY = /^\d{4}-\d{2}-\d{2}$/;
const INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/;

export function DataView({ value, name }: { value: unknown; name?: string }) {
  const { t, label, locale } = useI18n();
  if (value === null || value === undefined || value === '') return <span>—</span>;
  if (typeof value === 'boolean') return <span>{t(value ? 'common.yes' : 'common.no')}</span>;
  if (typeof value === 'number') return <span>{new Intl.NumberFormat(locale).format(value)}</span>;
  if (typeof value === 'string') {
    if (name && LINKED.has(name)) return <EntityLink kind={name} id={value} />;
    if (DAY.test(value)) return <Day value={value} />;
    if (INSTANT.test(value)) return <Instant value={value} />;
    if (name && ENUMS.has(name)) return <span>{VALUE_PREFIXES.map((prefix) => label(prefix, value)).find((text) => text !== value) ?? value}</span>;
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
  return (
    <dl class="facts">
      {entries.map(([key, v]) => (
        <div class="fact" key={key}>
          <dt>{label('field', key)}</dt>
          <dd>
            <DataView value={v} name={key} />
          </dd>
        </div>
      ))}
    </dl>
  );
}
