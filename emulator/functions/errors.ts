/**
 * How a failed invocation is reported, mirroring what CloudBase answers:
 * - to a mini-program (`wx.cloud.callFunction`): `{errCode, errMsg}` with the platform's numbers,
 *   e.g. `errCode: -504003 | errMsg: Invoking task timed out after 3 seconds`;
 * - to a server SDK (`cloud.callFunction` inside a function, functions.invokeFunction): HTTP 200
 *   `{code, message, requestId}`; wx-server-sdk turns known codes into errCodes
 *   (FUNCTIONS_EXECUTE_FAIL → -504002) and unknown ones into -501001.
 */

export type InvokeFailureKind = 'not_found' | 'timeout' | 'crash';

export interface InvokeFailure {
  kind: InvokeFailureKind;
  /** Human-readable cause, e.g. "Error: boom\n    at main (...)" or the timeout sentence. */
  message: string;
}

export const CLIENT_ERR_CODES = {
  FUNCTION_NOT_FOUND: -501000,
  INVALID_PARAM: -501007,
  EXECUTE_FAIL: -504002,
  TIMEOUT: -504003,
  RESULT_TOO_LARGE: -604001,
} as const;

/** wx.cloud.callFunction results larger than this fail on the platform (WX_CLOUDFUNCTION_RESULT_SIZE_EXCEED_LIMIT). */
export const CLIENT_RESULT_LIMIT_BYTES = 1024 * 1024;

export const NOT_FOUND_MESSAGE = '[ResourceNotFound.FunctionName] FunctionName parameter could not be found.';

export function timeoutMessage(seconds: number): string {
  return `Invoking task timed out after ${seconds} seconds`;
}

export function toClientError(failure: InvokeFailure): { errCode: number; errMsg: string } {
  switch (failure.kind) {
    case 'not_found':
      return { errCode: CLIENT_ERR_CODES.FUNCTION_NOT_FOUND, errMsg: failure.message };
    case 'timeout':
      return { errCode: CLIENT_ERR_CODES.TIMEOUT, errMsg: failure.message };
    case 'crash':
      return { errCode: CLIENT_ERR_CODES.EXECUTE_FAIL, errMsg: failure.message };
  }
}

export function toServerError(failure: InvokeFailure): { code: string; message: string } {
  switch (failure.kind) {
    case 'not_found':
      return { code: 'ResourceNotFound.FunctionName', message: failure.message };
    case 'timeout':
    case 'crash':
      return { code: 'FUNCTIONS_EXECUTE_FAIL', message: failure.message };
  }
}
