import { builtInApp } from '../../domain/built-in-apps';
import type { Export } from '../../domain/export';
import type { Mail } from './ports';

/** The lock e-mail: which export, why, the counts, and how to unlock. */
export function lockEmail(exp: Export, recipients: readonly string[]): Mail {
  const lock = exp.lock;
  const name = builtInApp(exp.appId)?.name ?? exp.appId;
  return {
    to: recipients,
    subject: `Export locked: ${name}`,
    text: [
      `Your export "${name}" (${exp.exportId}) has locked itself and sends nothing to the platform for now.`,
      '',
      `Reason: ${lock?.reason ?? 'unknown'}: ${lock?.detail ?? ''}`,
      `Locked at: ${lock?.lockedAt ?? ''}`,
      '',
      'This usually follows a faulty stock import. Your listings stay as they are until you decide:',
      '1. If vehicles are missing from your stock by mistake, import the full stock again first.',
      `2. Then unlock the export (POST /v1/exports/${exp.exportId}/unlock, or "Unlock" in the export`,
      '   control). Only the changes that still hold against your stock at that moment are sent;',
      '   vehicles that are back in the stock keep their listings.',
      '',
      'Nothing else reaches the platform from this export until it is unlocked.',
    ].join('\n'),
  };
}
