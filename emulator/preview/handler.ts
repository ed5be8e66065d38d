import { readFile, stat } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import path from 'node:path';
import { DEFAULT_ENV_ID } from '../env';
import { sendJson, sendText } from '../http-util';
import type { PreviewHandler } from '../server';
import { contentTypeFor } from '../storage';
import { PreviewBuilder, type PreviewBuilderOptions } from './build';
import type { PreviewIdentitiesReply, PreviewIdentity } from './types';

/**
 * The web preview's HTTP face (plugged into the local cloud with setPreviewHandler):
 *   GET /                        the preview page (shell + phone)
 *   GET /preview/runtime.js      j-component + preview runtime   (+ .map)
 *   GET /preview/app.js          the compiled mini-program        (+ .map)
 *   GET /preview/identities      demo identities for the switcher
 *   GET /preview/mp/<path>       files of the mini-program package (images, tab bar icons)
 */

export interface PreviewHandlerOptions extends PreviewBuilderOptions {
  envId?: string;
  /**
   * Identities the switcher offers (the project's: package.json "localCloud".previewIdentities; none by
   * default, the preview then runs as DEFAULT_PREVIEW_OPENID or `?as=`).
   */
  identities?: PreviewIdentity[];
}

export interface PreviewHandlerWithBuilder extends PreviewHandler {
  builder: PreviewBuilder;
}

/** Who the preview runs as when the project offers no identities and the URL names none. */
export const DEFAULT_PREVIEW_OPENID = 'o-preview-user';

function shellHtml(runtimeHash: string, appHash: string): string {
  return `<!doctype html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1, viewport-fit=cover">
<title>粤品通 · 小程序预览</title>
<link rel="icon" href="data:,">
</head>
<body>
<noscript>小程序预览需要启用 JavaScript。</noscript>
<script src="/preview/runtime.js?v=${runtimeHash}"></script>
<script src="/preview/app.js?v=${appHash}"></script>
</body>
</html>
`;
}

function sendScript(res: ServerResponse, text: string, name: string, method: string): void {
  res.writeHead(200, {
    'content-type': name.endsWith('.map') ? 'application/json; charset=utf-8' : 'text/javascript; charset=utf-8',
    'content-length': Buffer.byteLength(text),
    'cache-control': 'no-cache',
  });
  res.end(method === 'HEAD' ? undefined : text);
}

export function createPreviewHandler(options: PreviewHandlerOptions = {}): PreviewHandlerWithBuilder {
  const builder = new PreviewBuilder(options);
  const identities = options.identities ?? [];
  const envId = options.envId ?? DEFAULT_ENV_ID;

  const handler = async (req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> => {
    const method = req.method ?? 'GET';
    const pathname = url.pathname;

    if (pathname === '/' || pathname === '/preview' || pathname === '/preview/') {
      // Build both bundles up front so the page's script URLs carry their content hashes.
      const [runtime, app] = await Promise.all([builder.runtime(), builder.app()]);
      return sendText(res, 200, shellHtml(runtime.hash, app.hash), 'text/html; charset=utf-8');
    }
    if (pathname === '/preview/runtime.js' || pathname === '/preview/runtime.js.map') {
      const runtime = await builder.runtime();
      return sendScript(res, pathname.endsWith('.map') ? runtime.map : runtime.js, pathname, method);
    }
    if (pathname === '/preview/app.js' || pathname === '/preview/app.js.map') {
      const app = await builder.app();
      return sendScript(res, pathname.endsWith('.map') ? app.map : app.js, pathname, method);
    }
    if (pathname === '/preview/identities') {
      const host = req.headers.host ?? '127.0.0.1';
      const reply: PreviewIdentitiesReply = {
        identities,
        defaultOpenid: identities[0]?.openid ?? DEFAULT_PREVIEW_OPENID,
        cloudUrl: `http://${host}`,
        envId,
      };
      return sendJson(res, 200, reply);
    }
    if (pathname.startsWith('/preview/mp/')) return serveMiniProgramFile(res, builder.root, pathname, method);
    if (pathname === '/favicon.ico') {
      res.writeHead(204);
      res.end();
      return;
    }
    sendJson(res, 404, { code: 'NOT_FOUND', message: `没有这个预览资源：${pathname}` });
  };
  return Object.assign(handler, { builder });
}

/** Package files (images, icons) under the mini-program root; source files stay private. */
async function serveMiniProgramFile(
  res: ServerResponse,
  root: string,
  pathname: string,
  method: string,
): Promise<void> {
  let rel: string;
  try {
    rel = decodeURIComponent(pathname.slice('/preview/mp/'.length));
  } catch {
    return sendJson(res, 400, { code: 'INVALID_PARAM', message: '路径编码错误' });
  }
  const file = path.resolve(root, rel);
  if (!file.startsWith(root + path.sep) || /\.(ts|js|json|wxml|wxss|wxs)$/i.test(file)) {
    return sendJson(res, 404, { code: 'NOT_FOUND', message: `文件不存在：${rel}` });
  }
  try {
    const info = await stat(file);
    if (!info.isFile()) throw new Error('not a file');
    const data = await readFile(file);
    res.writeHead(200, {
      'content-type': contentTypeFor(file),
      'content-length': data.length,
      'cache-control': 'no-cache',
    });
    res.end(method === 'HEAD' ? undefined : data);
  } catch {
    sendJson(res, 404, { code: 'NOT_FOUND', message: `文件不存在：${rel}` });
  }
}
