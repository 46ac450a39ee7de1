/** ✅ / ❌, or ⚠️ / ℹ️ for findings that do not fail (the audit's warn and info). */
export const mark = (c: {readonly passed: boolean; readonly severity?: 'fail' | 'warn' | 'info' | undefined}): string =>
	!c.passed ? '❌' : c.severity === 'warn' ? '⚠️' : c.severity === 'info' ? 'ℹ️' : '✅';
