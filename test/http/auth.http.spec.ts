import type { Role } from '../../src/config/config.js';
import { ROLES } from '../../src/http/api-keys.service.js';
import { runKeysCommand } from '../../src/http/api-key-file.js';
import { documentedRoleTable, renderRoleTable, SECURITY_DOC, writeRoleTable } from '../support/role-table.js';
import { eventually } from '../support/eventually.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

/**
 * Who may call what (DESIGN.md, "Security"): integration sends commands, quality and auditor read,
 * the auditor alone reads the log itself, admin may do everything. Every route of the app must be
 * in this table: a new route without a row fails the test.
 */
const allowed: Record<string, Role[] | 'public'> = {
  'GET /health': 'public',
  'GET /metrics': ['auditor'],
  'GET /alerts': ['quality', 'auditor'],
  'POST /clients': ['integration'],
  'GET /clients': ['quality', 'auditor'],
  'GET /clients/{id}': ['quality', 'auditor'],
  'GET /clients/{id}/history': ['auditor'],
  'GET /clients/{id}/state': ['auditor'],
  'GET /audit/export': ['auditor'],
  'GET /audit/access-log': [],
  'GET /audit/verify': ['auditor'],
  'POST /audit/seals': [],
  'POST /clients/{id}/erase': [],
  'POST /clients/{id}/changes-of-situation': ['integration'],
  'POST /clients/{id}/changes-of-situation/{changeId}/acknowledge': ['integration'],
  'POST /clients/{id}/follow-up-visits': ['integration'],
  'POST /clients/{id}/birthday-cards': ['integration'],
  'POST /clients/{id}/replacement-requests': ['integration'],
  'POST /clients/{id}/replacement-requests/{requestId}/propose': ['integration'],
  'POST /staff/{id}/leaves': ['integration'],
  'POST /staff/{id}/training-requests': ['integration'],
  'POST /staff/{id}/trainings': ['integration'],
  'POST /staff/{id}/annual-interviews': ['integration'],
  'POST /payroll': ['integration'],
  'POST /clients/{id}/preferences': ['integration'],
  'PUT /quality-objectives/{year}/{indicator}': ['quality'],
  'GET /quality-objectives': ['quality', 'auditor'],
  'GET /indicators': ['quality', 'auditor'],
  'GET /indicators/series': ['quality', 'auditor'],
  'POST /staff': ['integration'],
  'POST /contracts': ['integration'],
  'GET /contracts': ['quality', 'auditor'],
  'GET /contracts/{id}': ['quality', 'auditor'],
  'POST /contracts/{id}/validate': ['integration'],
  'POST /contracts/{id}/sign': ['integration'],
  'POST /contracts/{id}/amend': ['integration'],
  'POST /contracts/{id}/suspend': ['integration'],
  'POST /contracts/{id}/resume': ['integration'],
  'POST /contracts/{id}/terminate': ['integration'],
  'POST /complaints': ['integration'],
  'GET /complaints': ['quality', 'auditor'],
  'GET /complaints/figures': ['quality', 'auditor'],
  'GET /complaints/{id}': ['quality', 'auditor'],
  'POST /complaints/{id}/acknowledge': ['integration'],
  'POST /complaints/{id}/respond': ['integration'],
  'POST /complaints/{id}/close': ['integration'],
  'POST /complaints/{id}/reopen': ['integration'],
  'POST /complaints/{id}/actions': ['integration'],
  'POST /complaints/{id}/actions/{actionId}/complete': ['integration'],
  'POST /actions': ['integration'],
  'GET /actions': ['quality', 'auditor'],
  'GET /actions/{id}': ['quality', 'auditor'],
  'POST /actions/{id}/complete': ['integration'],
  'POST /quality-meetings': ['integration'],
  'GET /quality-meetings': ['quality', 'auditor'],
  'GET /quality-meetings/{id}': ['quality', 'auditor'],
  'POST /newsletters': ['integration'],
  'GET /newsletters': ['quality', 'auditor'],
  'POST /surveys': ['integration'],
  'GET /surveys': ['quality', 'auditor'],
  'GET /surveys/benchmark': ['quality', 'auditor'],
  'GET /surveys/{id}': ['quality', 'auditor'],
  'GET /surveys/{id}/results': ['quality', 'auditor'],
  'POST /surveys/{id}/questionnaire': ['integration'],
  'POST /surveys/{id}/responses': ['integration'],
  'POST /surveys/{id}/reminders': ['integration'],
  'POST /surveys/{id}/close': ['integration'],
};

describe('Authorisation: every route × every role', () => {
  let t: TestApp;
  let routes: string[];
  beforeAll(async () => {
    t = await startTestApp();
    const doc = (await t.as('admin').get('/docs/openapi.json')).body as { paths: Record<string, Record<string, unknown>> };
    routes = Object.entries(doc.paths).flatMap(([path, methods]) => Object.keys(methods).map((m) => `${m.toUpperCase()} ${path}`));
  });
  afterAll(() => t.close());

  it('has a row for every route the application serves, and no row for a route it does not', () => {
    expect([...routes].sort()).toEqual(Object.keys(allowed).sort());
  });

  it.each(Object.entries(allowed))('%s', async (route, roles) => {
    const [method, path] = route.split(' ');
    const url = path.replace(/\{(\w+)\}/g, 'some-$1');
    const call = async (headers: Record<string, string>, role: Role | null) => {
      const client = t.as(role);
      if (method === 'PUT') return client.put(url, {}, headers);
      return method === 'GET' ? client.get(url, headers) : client.post(url, {}, headers);
    };
    if (roles === 'public') {
      expect((await call({}, null)).status).not.toBe(401);
      return;
    }
    const anonymous = await call({}, null);
    expect(anonymous.status).toBe(401);
    expect(anonymous.headers['www-authenticate']).toBe('Bearer');
    expect((await call({ authorization: 'Bearer not-a-key-of-ours-at-all' }, null)).status).toBe(401);
    expect((await call({ authorization: 'Basic abc' }, null)).status).toBe(401);
    for (const role of ROLES) {
      const status = (await call({}, role)).status;
      const mayCall = role === 'admin' || roles.includes(role);
      expect({ role, route, forbidden: status === 403 || status === 401 }).toEqual({ role, route, forbidden: !mayCall });
    }
  });

  it('is the table of docs/security.md, so that the two cannot drift', () => {
    const table = renderRoleTable(allowed);
    if (process.env.QUALIREC_WRITE_DOCS === '1') writeRoleTable(table);
    // On a difference: QUALIREC_WRITE_DOCS=1 NODE_OPTIONS=--experimental-vm-modules npx jest test/http/auth.http.spec.ts
    expect({ file: SECURITY_DOC, table: documentedRoleTable() }).toEqual({ file: SECURITY_DOC, table });
  });

  it('refuses a revoked key (401) without a restart, as `npm run keys -- revoke` leaves it', async () => {
    const created = runKeysCommand(['create', 'integration', 'auth-revocable'], t.dataDir);
    expect(created.code).toBe(0);
    const key = created.out.split('\n').find((line) => line.startsWith('qrk_'))!;
    const call = () => t.app.inject({ method: 'POST', url: '/clients', headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' }, payload: '{}' });
    // Accepted (the empty body is bad input: 400, not 401) once the running server has read the file…
    await eventually(async () => expect((await call()).statusCode).toBe(400));
    expect(runKeysCommand(['revoke', 'auth-revocable'], t.dataDir).code).toBe(0);
    // …and refused once it has read the revocation, within a second.
    await eventually(async () => expect((await call()).statusCode).toBe(401));
    expect((await t.as('integration').post('/clients', {})).status).toBe(400);
  });

  it('puts the acting key in the metadata of what it records', async () => {
    const res = await t.as('admin').post('/staff', { fullName: 'A B', role: 'rs', agency: 'lyon', qualified: true, hiredAt: '2020-01-01', staffId: 'auth-s' });
    expect(res.status).toBe(201);
    const client = await t.as('integration').post('/clients', {
      fullName: 'C D', address: 'x', agency: 'lyon', dependent: false, wantsSecondVisit: false, referentStaffId: 'auth-s',
    });
    const history = await t.as('auditor').get(`/clients/${client.body.id}/history`);
    expect(history.body.events[0].actor).toEqual({ id: 'integration-test', role: 'integration', name: 'integration-test' });
  });
});
