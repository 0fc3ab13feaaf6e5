import { ConflictError, ValidationError } from './errors';

/** The errors of the stock routes, made in one place so that codes and wording stay stable. */

export function duplicateInternalNumber(internalNumber: string): ConflictError {
  return new ConflictError(
    'DUPLICATE_INTERNAL_NUMBER',
    `Another vehicle of this dealer has the internal number ${internalNumber}.`,
  );
}

export function versionConflict(): ConflictError {
  return new ConflictError(
    'VERSION_CONFLICT',
    'The vehicle kept changing while this request ran; try again.',
  );
}

export function unknownExports(exportIds: readonly string[]): ValidationError {
  return new ValidationError(
    'UNKNOWN_EXPORT',
    'Releases name exports this dealer does not have.',
    exportIds.map((exportId) => ({ path: exportId, message: 'not an export of this dealer' })),
  );
}

export function emptyImport(): ValidationError {
  return new ValidationError(
    'IMPORT_EMPTY',
    'A replace import needs at least one valid vehicle; nothing was changed, so the stock is not wiped.',
  );
}

export function importRunning(): ConflictError {
  return new ConflictError(
    'IMPORT_RUNNING',
    'An import of this stock is running; try again when it is done.',
  );
}
