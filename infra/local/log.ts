/** The local stack's own console log: one line per event, `[area] message key=value`. */
export interface LocalLog {
  info(message: string, data?: Record<string, unknown>): void;
  warn(message: string, data?: Record<string, unknown>): void;
  error(message: string, data?: Record<string, unknown>): void;
  child(area: string): LocalLog;
}

export function createLocalLog(
  area = 'local',
  write: (line: string) => void = (line) => console.log(line),
): LocalLog {
  const format = (level: string, message: string, data?: Record<string, unknown>): string => {
    const pairs = Object.entries(data ?? {})
      .map(([key, value]) => `${key}=${typeof value === 'string' ? value : JSON.stringify(value)}`)
      .join(' ');
    return `${level === 'info' ? '' : `${level.toUpperCase()} `}[${area}] ${message}${pairs ? ` ${pairs}` : ''}`;
  };
  return {
    info: (message, data) => write(format('info', message, data)),
    warn: (message, data) => write(format('warn', message, data)),
    error: (message, data) => write(format('error', message, data)),
    child: (child) => createLocalLog(`${area}:${child}`, write),
  };
}

/** A log that keeps quiet (tests). */
export const silentLog: LocalLog = createLocalLog('silent', () => undefined);
