/** Something a quality or sector manager must act on, with when it started and when it is due. */
export interface Alert {
  kind: string;
  agency?: string;
  /** The ids concerned, e.g. { clientId, contractId } or { complaintId }. */
  ids: Record<string, string>;
  /** Date (YYYY-MM-DD) from which the situation holds. */
  since: string;
  /** Date by which it should be resolved. */
  due: string;
  overdue: boolean;
}

/** A part of the domain that raises alerts, computed at query time from its read models and today's date. */
export interface AlertSource {
  alerts(query: { agency?: string; today: string }): Promise<Alert[]>;
}
