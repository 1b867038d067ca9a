/** Stream names of the complaints module, apart so other modules (quality meetings) can name them without importing handlers. */
export const complaintStream = (complaintId: string) => `complaint-${complaintId}`;
export const actionStream = (actionId: string) => `action-${actionId}`;
