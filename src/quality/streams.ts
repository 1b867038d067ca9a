/** Stream names of the quality module. */
export const meetingStream = (meetingId: string) => `meeting-${meetingId}`;
export const newsletterStream = (newsletterId: string) => `newsletter-${newsletterId}`;
