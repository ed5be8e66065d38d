/**
 * Compiles cloudfunctions/src/core/draw/ticket-simd.wat (the one source of the draw's SIMD tickets) into
 * ticket-simd-wasm.ts, its bytes as base64, so the CLI and the cloud functions' bundles carry it with no
 * file to ship beside them. tests/unit/draw/ticket-simd.test.ts fails when the two differ.
 *
 *   npx tsx scripts/build-ticket-simd.ts
 */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import wabt from 'wabt';

const drawDir = path.join(__dirname, '../cloudfunctions/src/core/draw');
export const WAT_PATH = path.join(drawDir, 'ticket-simd.wat');
export const MODULE_PATH = path.join(drawDir, 'ticket-simd-wasm.ts');

/** The text of ticket-simd-wasm.ts for the .wat as it is now. */
export async function ticketSimdModuleText(): Promise<string> {
  const tools = await wabt();
  const parsed = tools.parseWat('ticket-simd.wat', readFileSync(WAT_PATH, 'utf8'), { simd: true, bulk_memory: true });
  try {
    parsed.validate();
    const bytes = Buffer.from(parsed.toBinary({}).buffer);
    return (
      '// Written by scripts/build-ticket-simd.ts from ticket-simd.wat: edit that file, then run the script.\n' +
      `export const TICKET_SIMD_WASM = '${bytes.toString('base64')}';\n`
    );
  } finally {
    parsed.destroy();
  }
}

if (require.main === module) {
  void ticketSimdModuleText().then((text) => {
    writeFileSync(MODULE_PATH, text);
    process.stdout.write(`wrote ${path.relative(process.cwd(), MODULE_PATH)}\n`);
  });
}
