// Why a Word file is refused as a whole. Each is a client's mistake with a stable code,
// answered as a problem document (never a 500): not a .docx, not a report of the
// seed's layout, or larger than the reader accepts.
import { AppError } from '../../errors';

export type DocxRefusalCode = 'not_a_docx' | 'not_a_report' | 'plan_unknown';

/** 400: the file cannot be read as a report of this layout. */
export class DocxRefusedError extends AppError {
  readonly status = 400;
  constructor(code: DocxRefusalCode, message: string, extras: Record<string, unknown> = {}) {
    super(code, message, extras);
  }
}

/** 413: a part of the package, unpacked, is larger than the reader accepts. */
export class DocxTooLargeError extends AppError {
  readonly status = 413;
  constructor(message: string, extras: Record<string, unknown> = {}) {
    super('docx_too_large', message, extras);
  }
}
