import type { CommandContext } from '../../src/event-store/command-executor.service.js';
import { instantOf, yearOfMs } from './calendar.js';
import type { Handlers } from './handlers.js';
import type { OrganisationShape } from './organisation.js';
import type { Random } from './random.js';
import type { Simulation } from './simulation.js';

/** The API keys the simulated integrations and people send their commands with (actor = the key's name and role). */
const key = (name: string, role: string) => ({ id: name, role, name });
export const ACTORS = {
  planning: key('planning-tool', 'integration'),
  phone: key('phone-line', 'integration'),
  web: key('web-form', 'integration'),
  payroll: key('payroll', 'integration'),
  qualityTool: key('quality-tool', 'integration'),
  qualityManager: key('quality-manager', 'quality'),
  dpo: key('dpo', 'admin'),
};

/**
 * What the lives share besides the log: the staff registered in each agency (referents and
 * replacements are chosen among them), the clients with a running contract per agency (the
 * people a satisfaction survey invites), and the complaints and actions of each agency and year
 * (what its quality meetings discuss).
 */
export class World {
  private readonly staff = new Map<string, string[]>();
  private readonly active = new Map<string, number>();
  private readonly complaints = new Map<string, string[]>();
  private readonly actions = new Map<string, string[]>();
  private erased = 0;

  constructor(
    readonly shape: OrganisationShape,
    readonly sim: Simulation,
    readonly handlers: Handlers,
  ) {}

  /** A request's context: the key's actor, the caller's command id, a correlation id, the business time. */
  context(r: Random, actor: CommandContext['actor'], occurredAt: string): CommandContext {
    return { actor, commandId: r.uuid(), correlationId: r.uuid(), occurredAt };
  }

  /** The business time of commands that carry none: the server's clock when recorded. */
  get serverTime(): string {
    return instantOf(this.sim.now);
  }

  staffRegistered(agency: string, staffId: string): void {
    push(this.staff, agency, staffId);
  }

  staffOf(agency: string): readonly string[] {
    return this.staff.get(agency) ?? [];
  }

  /** A registered staff member of the agency other than `not`, if there is one (drawn without copying the list: it is asked for on every registration). */
  someStaff(r: Random, agency: string, not?: string): string | undefined {
    const staff = this.staffOf(agency);
    const skipped = not === undefined ? -1 : staff.indexOf(not);
    const count = staff.length - (skipped >= 0 ? 1 : 0);
    if (count === 0) return undefined;
    const drawn = Math.floor(r.next() * count);
    return staff[skipped >= 0 && drawn >= skipped ? drawn + 1 : drawn];
  }

  clientActive(agency: string, delta: 1 | -1): void {
    this.active.set(agency, this.activeClients(agency) + delta);
  }

  activeClients(agency: string): number {
    return this.active.get(agency) ?? 0;
  }

  complaintLogged(agency: string, complaintId: string): void {
    push(this.complaints, `${agency}:${yearOfMs(this.sim.now)}`, complaintId);
  }

  actionOpened(agency: string, actionId: string): void {
    push(this.actions, `${agency}:${yearOfMs(this.sim.now)}`, actionId);
  }

  complaintsOf(agency: string, year: number): readonly string[] {
    return this.complaints.get(`${agency}:${year}`) ?? [];
  }

  actionsOf(agency: string, year: number): readonly string[] {
    return this.actions.get(`${agency}:${year}`) ?? [];
  }

  /** Whether one more former client may be erased (the shape caps them). */
  mayErase(): boolean {
    return this.erased < this.shape.erasures;
  }

  clientErased(): void {
    this.erased += 1;
  }
}

function push(map: Map<string, string[]>, key: string, id: string): void {
  const list = map.get(key);
  if (list) list.push(id);
  else map.set(key, [id]);
}
