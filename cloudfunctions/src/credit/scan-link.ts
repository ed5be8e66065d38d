/**
 * The link a label's QR code holds: https://<host>/c/<code>. The mini-program's 普通链接二维码 rule (set in
 * the WeChat admin console for that prefix) opens pages/credit/scan with the link as `q`; a phone camera
 * outside WeChat opens the same link in a browser. The host is the deployment's own (YPT_CREDIT_LINK_HOST,
 * required by `npm run deploy`); the local cloud has none, so its labels name a host that resolves nowhere.
 */
const LOCAL_HOST = 'https://ypt.localhost';

export function scanLinkOf(code: string, host = process.env.YPT_CREDIT_LINK_HOST ?? ''): string {
  const base = /^https:\/\/[^\s/]+/.test(host) ? host.replace(/\/+$/, '') : LOCAL_HOST;
  return `${base}/c/${code}`;
}
