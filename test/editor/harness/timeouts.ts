/** How long one gesture (a click, a box or a toast to appear) may take by default. */
export const STEP_TIMEOUT_MS = 15_000;
