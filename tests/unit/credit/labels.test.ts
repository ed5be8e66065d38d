import { inflateSync } from 'node:zlib';
import { PDFArray, PDFDocument, PDFName, PDFRawStream, type PDFPage } from 'pdf-lib';
import QRCode from 'qrcode';
import { LABEL_LAYOUT, labelSheetsPdf, qrModulesPath, type Label } from '../../../cloudfunctions/src/credit/labels';

const CROCKFORD = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

function makeLabels(count: number): Label[] {
  return Array.from({ length: count }, (_, i) => {
    let n = i * 7919 + 123456789;
    let code = '';
    for (let k = 0; k < 12; k++, n = Math.floor(n / 3) + k * 17) code += CROCKFORD[n % 32];
    const text = `${code.slice(0, 4)}-${code.slice(4, 8)}-${code.slice(8)}`;
    return { code, text, url: `https://ypt.example.cn/c/${code}` };
  });
}

/** pdf-lib writes standard-font text as an upper-case hex string: `<374B...> Tj`. */
const hexOf = (text: string) => `<${Buffer.from(text, 'latin1').toString('hex').toUpperCase()}> Tj`;

/** A page's content stream(s), inflated where pdf-lib flate-encoded them. */
function contentOf(doc: PDFDocument, page: PDFPage): string {
  const contents = page.node.Contents();
  const refs = contents instanceof PDFArray ? contents.asArray() : contents ? [contents] : [];
  return refs
    .map((ref) => {
      const stream = doc.context.lookup(ref);
      if (!(stream instanceof PDFRawStream)) throw new Error('unexpected content stream type');
      const flate = stream.dict.get(PDFName.of('Filter')) === PDFName.of('FlateDecode');
      return Buffer.from(flate ? inflateSync(stream.getContents()) : stream.getContents()).toString('latin1');
    })
    .join('\n');
}

/**
 * The module matrices drawn on a page, one per filled path in drawing order, rebuilt from the operators
 * pdf-lib writes for each run (`x y m  x2 y l  x2 y+1 l  x y+1 l  h`, in module units).
 */
function drawnMatrices(content: string): string[][] {
  const matrices: string[][] = [];
  let operands: number[] = [];
  let runs: { x: number; y: number; width: number }[] = [];
  let start: { x: number; y: number } | null = null;
  for (const token of content.split(/\s+/)) {
    if (/^-?\d+(\.\d+)?$/.test(token)) {
      operands.push(Number(token));
      continue;
    }
    if (token === 'q') runs = [];
    if (token === 'm') start = { x: operands[0], y: operands[1] };
    if (token === 'l' && start && operands[1] === start.y) runs.push({ ...start, width: operands[0] - start.x });
    if (token === 'f') {
      const size = Math.max(...runs.map((run) => Math.max(run.x + run.width, run.y + 1)));
      const rows = Array.from({ length: size }, () => Array<string>(size).fill('0'));
      for (const run of runs) for (let x = run.x; x < run.x + run.width; x++) rows[run.y][x] = '1';
      matrices.push(rows.map((row) => row.join('')));
    }
    operands = [];
  }
  return matrices;
}

function expectedMatrix(url: string): string[] {
  const { modules } = QRCode.create(url, { errorCorrectionLevel: 'M' });
  return Array.from({ length: modules.size }, (_, row) =>
    Array.from({ length: modules.size }, (_, col) => (modules.get(row, col) ? '1' : '0')).join(''),
  );
}

const TITLE = 'YPT 000001-001000';

describe('labelSheetsPdf', () => {
  const labels = makeLabels(1000);
  let bytes1000: Uint8Array;
  let doc1000: PDFDocument;

  beforeAll(async () => {
    bytes1000 = await labelSheetsPdf(labels, { title: TITLE });
    doc1000 = await PDFDocument.load(bytes1000, { updateMetadata: false });
  }, 60_000);

  it('lays out 40 labels a sheet on A4 portrait', async () => {
    expect(LABEL_LAYOUT.perSheet).toBe(LABEL_LAYOUT.columns * LABEL_LAYOUT.rows);
    for (const [count, pages] of [
      [1, 1],
      [40, 1],
      [41, 2],
    ]) {
      const doc = await PDFDocument.load(await labelSheetsPdf(labels.slice(0, count), { title: TITLE }));
      expect(doc.getPageCount()).toBe(pages);
    }
    expect(doc1000.getPageCount()).toBe(25);
    for (const page of doc1000.getPages()) {
      expect(page.getWidth()).toBeCloseTo(595.28, 2);
      expect(page.getHeight()).toBeCloseTo(841.89, 2);
    }
    expect(doc1000.getProducer()).toBe('YuePinTong credit code labels');
    expect(doc1000.getTitle()).toContain(TITLE);
  });

  it('refuses an empty list, more than 1,000 labels and non-ASCII text', async () => {
    await expect(labelSheetsPdf([], { title: TITLE })).rejects.toThrow(Error);
    await expect(labelSheetsPdf(makeLabels(1001), { title: TITLE })).rejects.toThrow(/1001/);
    await expect(labelSheetsPdf(labels.slice(0, 1), { title: '悦品通' })).rejects.toThrow(/ASCII/);
  });

  it('keeps 1,000 labels under 2 MB, every label text and the numbered footer on its own page', () => {
    expect(bytes1000.length).toBeLessThan(2 * 1024 * 1024);
    doc1000.getPages().forEach((page, p) => {
      const content = contentOf(doc1000, page);
      for (const label of labels.slice(p * 40, (p + 1) * 40)) expect(content).toContain(hexOf(label.text));
      const next = labels[(p + 1) * 40];
      if (next) expect(content).not.toContain(hexOf(next.text));
      expect(content).toContain(hexOf(`${TITLE}  ${p + 1}/25`));
    });
  });

  it('draws each QR as one path that reproduces the modules of its URL', () => {
    for (const p of [0, 24]) {
      const matrices = drawnMatrices(contentOf(doc1000, doc1000.getPage(p)));
      const onPage = labels.slice(p * 40, (p + 1) * 40);
      expect(matrices).toHaveLength(onPage.length);
      onPage.forEach((label, i) => {
        // The rebuilt matrix spans the dark modules only; the finder patterns reach the last row and column.
        expect(matrices[i]).toEqual(expectedMatrix(label.url));
      });
    }
  });

  it('merges each row of dark modules into one rectangle per run', () => {
    const { url } = labels[0];
    const { path, size } = qrModulesPath(url);
    const expected = expectedMatrix(url);
    expect(size).toBe(expected.length);
    const subpaths = path.split('Z').filter(Boolean);
    expected.forEach((row, y) => {
      const runs = row.match(/1+/g) ?? [];
      const drawn = subpaths.filter((subpath) => new RegExp(`^M\\d+ ${y}h`).test(subpath));
      expect(drawn.map((subpath) => Number(/h(\d+)/.exec(subpath)![1]))).toEqual(runs.map((run) => run.length));
    });
  });
});
