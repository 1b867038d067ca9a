/**
 * Which fields of which events are personal data (name, address, birth date, free text about a
 * person: DESIGN.md "Personal data"), and whose key encrypts them. The subject is the person the
 * data is about: erasing a client destroys the client's key and with it every such field.
 */
interface EventLike {
  data: Record<string, unknown>;
  metadata: { clientId?: string };
}

export interface PersonalFields {
  fields: readonly string[];
  subject(event: EventLike): string;
}

const ofClient = (event: EventLike) => `client:${String(event.data.clientId ?? event.metadata.clientId)}`;
/** A complaint not about a client is about its complainant: the complaint is the subject. */
const ofComplaint = (event: EventLike) => (event.metadata.clientId ? `client:${event.metadata.clientId}` : `complaint:${String(event.data.complaintId)}`);
const ofStaff = (event: EventLike) => `staff:${String(event.data.staffId)}`;

export const PERSONAL_FIELDS: Readonly<Record<string, PersonalFields>> = {
  ClientRegistered: { fields: ['fullName', 'address', 'birthDate'], subject: ofClient },
  ChangeOfSituationReported: { fields: ['details', 'newAddress'], subject: ofClient },
  ClientAddressChanged: { fields: ['newAddress'], subject: ofClient },
  ContractSigned: { fields: ['signedBy'], subject: ofClient },
  ComplaintLogged: { fields: ['description'], subject: ofComplaint },
  ComplaintResponded: { fields: ['response'], subject: ofComplaint },
  ComplaintReopened: { fields: ['reason'], subject: ofComplaint },
  StaffMemberRegistered: { fields: ['fullName'], subject: ofStaff },
  AnnualInterviewRecorded: { fields: ['notes'], subject: ofStaff },
};

/** The key subject of a client: what EraseClientPersonalData destroys. */
export const clientSubject = (clientId: string) => `client:${clientId}`;
