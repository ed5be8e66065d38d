import type { ActionInput, ActionName, ActionOutput, ErrorCode, FunctionName, Result } from '../../typings/api';

/**
 * A failed call with the function's stable code, for pages that branch on it; `details` as the function
 * sent them (VALIDATION_FAILED: `{ fields: [{ path, label, message }] }`, see utils/form.ts).
 */
export class ApiError extends Error {
  constructor(
    readonly code: ErrorCode | 'NETWORK',
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
  }
}

/**
 * One typed entry to every cloud-function action: `call('user', 'login', {})`. Failures throw an
 * ApiError carrying the server's Chinese message, so a page can toast it and keep its form input.
 */
export async function call<F extends FunctionName, A extends ActionName<F>>(
  name: F,
  action: A,
  input: ActionInput<F, A>,
): Promise<ActionOutput<F, A>> {
  let result: Result<ActionOutput<F, A>>;
  try {
    const res = await wx.cloud.callFunction({ name, data: { ...(input as object), action } });
    result = res.result as Result<ActionOutput<F, A>>;
  } catch (error) {
    throw new ApiError('NETWORK', '网络异常，请检查网络后重试');
  }
  if (!result || typeof result !== 'object') throw new ApiError('INTERNAL', '服务返回异常');
  if (!result.ok) throw new ApiError(result.code, result.message, result.details);
  return result.data;
}

/** Shows a failure to the user without losing what they typed. */
export function toastError(error: unknown): void {
  const message = error instanceof ApiError ? error.message : '操作失败，请稍后重试';
  wx.showToast({ title: message, icon: 'none', duration: 3000 });
}
