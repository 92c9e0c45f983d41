// The mutual-aid module's public API (职工医疗互助保障, issue 19; being built): so far the plans' rules —
// enrolment, cycles, the waiting period and what a claim pays — as pure functions.
import { defineModule } from '../../platform/manifest/manifest.js';
import { mutualAidRuleMessages } from './messages-rules.js';

export const mutualAidModule = defineModule({
  name: 'mutual-aid',
  messages: mutualAidRuleMessages,
});

export {
  FEMALE_DISEASES,
  GUANGDONG_HARDSHIP_PLAN,
  URUMQI_PLAN,
  XINKANG_PLAN,
  ageOn,
  atRate,
  checkClaimFigures,
  checkEnrolment,
  coveredFrom,
  cycleOf,
  payClaim,
  type Applicant,
  type Benefit,
  type ClaimFigures,
  type ClaimInput,
  type Cycle,
  type Payout,
  type PlanRule,
} from './rules.js';
