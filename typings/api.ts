/**
 * Types shared by the mini-program and the cloud functions: type-only re-exports of the contract,
 * so the client never bundles zod or server code.
 */
export type { ErrorCode, Fail, Ok, Result } from '../cloudfunctions/src/contract/envelope';
export type { Paged } from '../cloudfunctions/src/contract/common';
import type { AdminApi } from '../cloudfunctions/src/contract/admin';
import type { CableApi } from '../cloudfunctions/src/contract/cable';
import type { CheckupApi } from '../cloudfunctions/src/contract/checkup';
import type { RedlistApi } from '../cloudfunctions/src/contract/redlist';
import type { UserApi } from '../cloudfunctions/src/contract/user';
import type { HospitalApi } from '../cloudfunctions/src/contract/hospital';
import type { HelpdeskApi } from '../cloudfunctions/src/contract/helpdesk';
import type { VoucherApi } from '../cloudfunctions/src/contract/voucher';
import type { TrainingApi } from '../cloudfunctions/src/contract/training';
import type { CreditApi } from '../cloudfunctions/src/contract/credit';
export type {
  CableConcern,
  CableFollowUpView,
  CableFormOptions,
  CableRequestSummary,
  CableRequestView,
  CableStatus,
  CableType,
  RedlistStatusView,
  Verdict,
} from '../cloudfunctions/src/contract/cable';
export type { ProfileView, EnterpriseView, EnterpriseVerificationView } from '../cloudfunctions/src/contract/user';
export type { CampaignStatsView, ClaimStatus, EnterpriseClaimView } from '../cloudfunctions/src/contract/admin';
export type {
  ChangeRowView,
  RedlistDetailView,
  RedlistEntryView,
  RedlistPosterView,
  RedlistSearchView,
  RedlistStatsView,
  RedlistVersionView,
  TierCode,
  TierCountsView,
  YearCount,
  YearLevelCount,
} from '../cloudfunctions/src/contract/redlist';
export type {
  ApplicationView,
  BeaconSourceView,
  CampaignStatus,
  CampaignView,
  HospitalView,
  Pool,
  ServiceType,
  VoucherView,
} from '../cloudfunctions/src/contract/voucher';

export type {
  CaseMessageView,
  CaseOfferView,
  CaseStatsView,
  CaseSummary,
  CaseView,
  ExpertAdminView,
  ExpertSummary,
  HelpCountsView,
  HelpFormOptions,
} from '../cloudfunctions/src/contract/helpdesk';

export type {
  CheckupFindingView,
  CheckupSummary,
  CheckupView,
  DimensionScoreView,
  QuestionnaireView,
  RedlistStandingView,
} from '../cloudfunctions/src/contract/checkup';

export type {
  CertificateCheckView,
  CertificateView,
  ImportSessionsView,
  OrganiserView,
  ProgrammeView,
  RosterEntry,
  RosterView,
  SessionAdminView,
  SessionSummary,
  SessionView,
  SignupView,
  TrainingStatsRow,
  TrainingStatsView,
} from '../cloudfunctions/src/contract/training';

export type {
  AdminProductView,
  AuditEntryView,
  CreditStatsView,
  IssuanceView,
  LabelsView,
  ProductDetailView,
  ProductView,
  ScanStatsView,
  ScanView,
  ScanWarning,
} from '../cloudfunctions/src/contract/credit';

export interface FunctionsApi {
  user: UserApi;
  voucher: VoucherApi;
  hospital: HospitalApi;
  cable: CableApi;
  redlist: RedlistApi;
  admin: AdminApi;
  helpdesk: HelpdeskApi;
  checkup: CheckupApi;
  training: TrainingApi;
  credit: CreditApi;
}

export type FunctionName = keyof FunctionsApi;
export type ActionName<F extends FunctionName> = keyof FunctionsApi[F] & string;
export type ActionInput<F extends FunctionName, A extends ActionName<F>> = FunctionsApi[F][A] extends { input: infer I }
  ? I
  : never;
export type ActionOutput<F extends FunctionName, A extends ActionName<F>> = FunctionsApi[F][A] extends {
  output: infer O;
}
  ? O
  : never;
