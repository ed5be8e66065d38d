/**
 * WeChat's API calling convention: `wx.x({..., success, fail, complete})`, or a promise when no
 * callback is given. Results carry `errMsg: 'x:ok'`; failures `errMsg: 'x:fail reason'`.
 */

export interface Callbacks {
  success?: (result: unknown) => void;
  fail?: (error: unknown) => void;
  complete?: (result: unknown) => void;
}

export type ApiOptions = Record<string, unknown> & Callbacks;

export class WxApiError extends Error {
  readonly errMsg: string;
  constructor(
    errMsg: string,
    readonly errCode?: number,
  ) {
    super(errMsg);
    this.errMsg = errMsg;
  }
}

/** A failure of API `name`: the message follows WeChat's `name:fail reason`. */
export function fail(name: string, reason: string, errCode?: number): WxApiError {
  return new WxApiError(`${name}:fail ${reason}`, errCode);
}

function withOk(name: string, result: unknown): unknown {
  if (result && typeof result === 'object' && !Array.isArray(result)) {
    return 'errMsg' in result ? result : { ...(result as object), errMsg: `${name}:ok` };
  }
  return { errMsg: `${name}:ok` };
}

function toFailure(name: string, error: unknown): unknown {
  if (error instanceof WxApiError) return error;
  if (error && typeof error === 'object' && 'errMsg' in error) return error;
  return fail(name, error instanceof Error ? error.message : String(error));
}

function safeCall(fn: ((value: unknown) => void) | undefined, value: unknown): void {
  if (!fn) return;
  try {
    fn(value);
  } catch (error) {
    // WeChat reports callback errors without breaking the API itself.
    setTimeout(() => {
      throw error;
    });
  }
}

/** Wraps an implementation into a wx-style API. */
export function wxApi<O extends Record<string, unknown>>(
  name: string,
  impl: (options: O) => unknown,
): (options?: O & Callbacks) => Promise<unknown> | undefined {
  return (options = {} as O & Callbacks) => {
    const { success, fail: onFail, complete } = options;
    const promise = Promise.resolve()
      .then(() => impl(options))
      .then(
        (result) => withOk(name, result),
        (error: unknown) => Promise.reject(toFailure(name, error)),
      );
    if (!success && !onFail && !complete) return promise;
    promise.then(
      (result) => {
        safeCall(success, result);
        safeCall(complete, result);
      },
      (error: unknown) => {
        safeCall(onFail, error);
        safeCall(complete, error);
      },
    );
    return undefined;
  };
}
