/**
 * The record's bytes as the CLI writes them: the published text (recordPieces, as formatRecordChunks
 * joins it) written piece by piece into ~1 MB buffers. For a million entries, writing the same text as
 * 1 MB strings cost ~2 s (building rope strings, then flattening and encoding each in writeSync); this
 * costs ~0.8 s (issue 16).
 */
import { recordPieces, type DrawRecord } from '../../cloudfunctions/src/core/draw';

const NOT_ASCII = /[^\x00-\x7f]/;

export function* recordBytes(record: DrawRecord, chunkBytes = 1 << 20): Generator<Buffer> {
  let buffer = Buffer.allocUnsafe(chunkBytes);
  let at = 0;
  for (const piece of recordPieces(record)) {
    // A UTF-16 code unit is at most 3 bytes of UTF-8 (a surrogate pair, 2 units, is 4).
    const most = piece.length * 3;
    if (at + most > buffer.length) {
      if (at > 0) yield buffer.subarray(0, at);
      buffer = Buffer.allocUnsafe(Math.max(chunkBytes, most));
      at = 0;
    }
    // Nearly every piece is ASCII, which latin1 copies byte for byte, faster than UTF-8 encodes it.
    at += buffer.write(piece, at, NOT_ASCII.test(piece) ? 'utf8' : 'latin1');
  }
  if (at > 0) yield buffer.subarray(0, at);
}
