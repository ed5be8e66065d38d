/**
 * Types shared by the mini-program and the cloud functions: type-only re-exports of the contract,
 * so the client never bundles zod or server code.
 */
export type { ErrorCode, Fail, Ok, Result } from '../cloudfunctions/src/contract/envelope';
import type { UserApi } from '../cloudfunctions/src/contract/user';
export type { ProfileView, EnterpriseView } from '../cloudfunctions/src/contract/user';

export interface FunctionsApi {
  user: UserApi;
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
