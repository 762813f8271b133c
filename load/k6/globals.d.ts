/**
 * Globals k6 provides that @types/k6 does not declare. k6's console logs through k6's logger
 * (https://grafana.com/docs/k6/latest/javascript-api/#console).
 */
declare const console: {
  log(...args: unknown[]): void;
  info(...args: unknown[]): void;
  warn(...args: unknown[]): void;
  error(...args: unknown[]): void;
  debug(...args: unknown[]): void;
};
