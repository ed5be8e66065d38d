/**
 * Printable sheets of credit code labels: A4 portrait, 5 × 8 cells, each a QR code of the label's URL with
 * its code in Courier under it. Each QR is one vector path (horizontal runs of dark modules merged per row),
 * so a file of 1,000 labels stays small and prints sharp at any size, unlike embedded PNGs or one rectangle
 * per module. Only ASCII reaches the PDF: pdf-lib's standard fonts cannot encode Chinese.
 */
import { PDFDocument, StandardFonts, grayscale, rgb, type PDFFont, type PDFPage } from 'pdf-lib';
import QRCode from 'qrcode';

export interface Label {
  /** Stored form, e.g. '7K3M9QXA2BCD'. */
  code: string;
  /** Printed under the QR, e.g. '7K3M-9QXA-2BCD'. */
  text: string;
  /** The QR content. */
  url: string;
}

const MM = 72 / 25.4;
const PAGE_WIDTH = 595.28;
const PAGE_HEIGHT = 841.89;
const MARGIN = 10 * MM;
const COLUMNS = 5;
const ROWS = 8;

/** Sheet geometry in PDF points (origin bottom-left, as pdf-lib draws). */
export const LABEL_LAYOUT = {
  columns: COLUMNS,
  rows: ROWS,
  perSheet: COLUMNS * ROWS,
  pageWidth: PAGE_WIDTH,
  pageHeight: PAGE_HEIGHT,
  margin: MARGIN,
  cellWidth: (PAGE_WIDTH - 2 * MARGIN) / COLUMNS,
  cellHeight: (PAGE_HEIGHT - 2 * MARGIN) / ROWS,
  /** Space kept free inside every cell edge, so a slightly off cut never clips the QR. */
  cellPadding: 4,
  /** Side of the QR including its quiet zone. */
  qrSide: 80,
  quietModules: 2,
  textSize: 8,
  footerSize: 7,
  /** One file holds at most this many labels; the caller splits bigger issues. */
  maxLabels: 1000,
} as const;

const ASCII = /^[\x20-\x7e]*$/;
const CUT_LINE = { thickness: 0.3, color: grayscale(0.75), dashArray: [2, 2] };

/**
 * The SVG path of a QR's dark modules in module units (x right, y down, origin at the symbol's top-left
 * corner, quiet zone excluded): one closed `h … v 1 h …` rectangle per horizontal run of dark modules.
 */
export function qrModulesPath(url: string): { path: string; size: number } {
  const { modules } = QRCode.create(url, { errorCorrectionLevel: 'M' });
  const size = modules.size;
  const parts: string[] = [];
  for (let row = 0; row < size; row++) {
    let col = 0;
    while (col < size) {
      if (!modules.get(row, col)) {
        col++;
        continue;
      }
      const start = col;
      while (col < size && modules.get(row, col)) col++;
      const width = col - start;
      parts.push(`M${start} ${row}h${width}v1h${-width}Z`);
    }
  }
  return { path: parts.join(''), size };
}

function drawCutLines(page: PDFPage): void {
  const { columns, rows, margin, cellWidth, cellHeight, pageWidth, pageHeight } = LABEL_LAYOUT;
  for (let c = 0; c <= columns; c++) {
    const x = margin + c * cellWidth;
    page.drawLine({ start: { x, y: margin }, end: { x, y: pageHeight - margin }, ...CUT_LINE });
  }
  for (let r = 0; r <= rows; r++) {
    const y = margin + r * cellHeight;
    page.drawLine({ start: { x: margin, y }, end: { x: pageWidth - margin, y }, ...CUT_LINE });
  }
}

function drawLabel(page: PDFPage, label: Label, index: number, courier: PDFFont): void {
  const { columns, margin, cellWidth, cellHeight, cellPadding, qrSide, quietModules, textSize, pageHeight } =
    LABEL_LAYOUT;
  const cellLeft = margin + (index % columns) * cellWidth;
  const cellTop = pageHeight - margin - Math.floor(index / columns) * cellHeight;

  // The QR box (quiet zone included) sits centred at the top of the cell; the text goes below it.
  const { path, size } = qrModulesPath(label.url);
  const scale = qrSide / (size + 2 * quietModules);
  const boxLeft = cellLeft + (cellWidth - qrSide) / 2;
  const boxTop = cellTop - cellPadding;
  page.drawSvgPath(path, {
    x: boxLeft + quietModules * scale,
    y: boxTop - quietModules * scale,
    scale,
    color: rgb(0, 0, 0),
    borderWidth: 0,
  });

  const textWidth = courier.widthOfTextAtSize(label.text, textSize);
  page.drawText(label.text, {
    x: cellLeft + (cellWidth - textWidth) / 2,
    y: boxTop - qrSide - textSize,
    size: textSize,
    font: courier,
    color: rgb(0, 0, 0),
  });
}

/** A PDF of label sheets, 40 labels a page in the order given. `title` (ASCII) goes in every page's footer. */
export async function labelSheetsPdf(labels: readonly Label[], options: { title: string }): Promise<Uint8Array> {
  const { perSheet, maxLabels, pageWidth, pageHeight, margin, footerSize } = LABEL_LAYOUT;
  if (labels.length === 0) throw new Error('labelSheetsPdf: no labels');
  if (labels.length > maxLabels)
    throw new Error(`labelSheetsPdf: ${labels.length} labels, at most ${maxLabels} a file`);
  // Checked up front so a bad input fails with a clear message rather than pdf-lib's encoding error midway.
  if (!ASCII.test(options.title)) throw new Error('labelSheetsPdf: the title must be printable ASCII');
  const bad = labels.find((label) => !ASCII.test(label.text) || !label.url);
  if (bad) throw new Error(`labelSheetsPdf: label ${bad.code} needs an ASCII text and a URL`);

  const doc = await PDFDocument.create();
  doc.setTitle(`YuePinTong credit code labels ${options.title}`);
  doc.setProducer('YuePinTong credit code labels');
  doc.setCreator('YuePinTong credit code labels');
  const courier = await doc.embedFont(StandardFonts.Courier);
  const helvetica = await doc.embedFont(StandardFonts.Helvetica);

  const pageCount = Math.ceil(labels.length / perSheet);
  for (let p = 0; p < pageCount; p++) {
    const page = doc.addPage([pageWidth, pageHeight]);
    drawCutLines(page);
    labels.slice(p * perSheet, (p + 1) * perSheet).forEach((label, i) => drawLabel(page, label, i, courier));
    page.drawText(`${options.title}  ${p + 1}/${pageCount}`, {
      x: margin,
      y: margin / 2 - footerSize / 2,
      size: footerSize,
      font: helvetica,
      color: grayscale(0.3),
    });
  }
  return doc.save({ useObjectStreams: true });
}
