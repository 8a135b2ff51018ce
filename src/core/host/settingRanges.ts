// The documented range of every numeric setting. The manifest declares the same ranges (a test
// compares them), but VS Code does not enforce a schema's minimum or maximum on values read at run
// time, so the code clamps every value it reads.

export interface SettingRange {
  min: number;
  max: number;
  default: number;
  integer: boolean;
}

export const REQUEST_TIMEOUT_SECONDS: SettingRange = { min: 1, max: 600, default: 30, integer: false };
export const POLL_SECONDS: SettingRange = { min: 15, max: 3600, default: 60, integer: true };
export const SANDBOX_PORT: SettingRange = { min: 0, max: 65_535, default: 8787, integer: true };

export const NUMERIC_SETTINGS: Readonly<Record<string, SettingRange>> = {
  'gestix.requestTimeoutSeconds': REQUEST_TIMEOUT_SECONDS,
  'gestix.statusBar.pollSeconds': POLL_SECONDS,
  'gestix.sandbox.port': SANDBOX_PORT,
};

/** The value within its range; anything that is not a finite number gets the default. */
export function clampSetting(range: SettingRange, value: unknown): number {
  if (typeof value !== 'number' || !Number.isFinite(value)) return range.default;
  const number = range.integer ? Math.round(value) : value;
  return Math.min(range.max, Math.max(range.min, number));
}
