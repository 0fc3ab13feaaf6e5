import { NotFoundError } from '../../domain/errors';
import type { Export } from '../../domain/export';
import type { ExportsDeps } from './exports-deps';
import { answerExport, answerExports, type ExportView } from './export-view';
import type { ExportPageRequest } from './ports';

/** `GET /v1/exports`: the caller's exports, newest first, a page at a time. */
export async function listExports(
  deps: Pick<ExportsDeps, 'exports' | 'counters' | 'clock'>,
  dealerId: string,
  page: ExportPageRequest,
): Promise<{ items: ExportView[]; nextCursor: string | null }> {
  const result = await deps.exports.listExports(dealerId, page);
  return { items: await answerExports(deps, result.items), nextCursor: result.nextCursor };
}

/** `GET /v1/exports/{exportId}`: 404 for an unknown export and for another dealer's alike. */
export async function getExport(
  deps: Pick<ExportsDeps, 'exports' | 'counters' | 'clock'>,
  dealerId: string,
  exportId: string,
): Promise<ExportView> {
  return answerExport(deps, await existingExport(deps, dealerId, exportId));
}

export async function existingExport(
  deps: Pick<ExportsDeps, 'exports'>,
  dealerId: string,
  exportId: string,
): Promise<Export> {
  const exp = await deps.exports.getExport(dealerId, exportId);
  if (!exp) throw new NotFoundError('export');
  return exp;
}
