import { accessLogProjector } from './audit/access-log.js';
import { headsDigestProjector } from './audit/heads-digest.projector.js';
import { actionProjector } from './complaints/action.projector.js';
import { complaintProjector } from './complaints/complaint.projector.js';
import { clientFileProjector } from './continuity/client-file.projector.js';
import { contractStatusProjector } from './contracts/contract-status.projector.js';
import type { Projector } from './projections/projector.js';
import { indicatorFactsProjector } from './quality/indicator-facts.projector.js';
import { objectivesProjector } from './quality/objectives.projector.js';
import { newsletterProjector, qualityMeetingProjector } from './quality/quality.projectors.js';
import { surveyProjector } from './surveys/survey.projector.js';

/** Every read model of the application: run by the API, the projector process and rebuilds alike. */
export const projectors: Projector[] = [contractStatusProjector, clientFileProjector, surveyProjector, complaintProjector, actionProjector, qualityMeetingProjector, newsletterProjector, indicatorFactsProjector, objectivesProjector, headsDigestProjector, accessLogProjector];
