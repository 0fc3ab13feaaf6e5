import type { Detail } from '../../domain/detail';
import type { Export } from '../../domain/export';
import { newId } from '../../domain/ids';
import type { Clock, DetailWriter } from '../ports';
import type { LockStore } from './ports';

export interface HoldChangeDeps {
  readonly locks: Pick<LockStore, 'hold'>;
  readonly details: DetailWriter;
  readonly clock: Clock;
}

/**
 * A locked export sends nothing: the vehicle is remembered for the unlock's re-sync, and the
 * dealer sees the held change in the details (once per vehicle and lock).
 */
export async function holdChange(
  deps: HoldChangeDeps,
  exp: Export,
  vehicleId: string,
  action: Detail['action'],
): Promise<void> {
  const at = deps.clock.now();
  if (!(await deps.locks.hold(exp, vehicleId, at))) return;
  await deps.details.record({
    detailId: newId('det', at),
    exportId: exp.exportId,
    at: at.toISOString(),
    kind: 'delta',
    vehicleId,
    action,
    outcome: 'held',
    messages: [
      {
        severity: 'warning',
        code: 'EXPORT_LOCKED',
        text: 'The export is locked: this change is sent when the export is unlocked, if it still holds then',
      },
    ],
  });
}
