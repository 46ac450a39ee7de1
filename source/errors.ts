/** Bad input from the operator: exit 2 with one line. */
export class UsageError extends Error {
	readonly exitCode = 2;
	override readonly name = 'UsageError';
}

/** The command is valid but cannot run here (no server, auth failed, no redis-server): exit 3. */
export class CannotRunError extends Error {
	readonly exitCode = 3;
	override readonly name = 'CannotRunError';
}

export function errorMessage(error: unknown): string {
	if (error instanceof Error) return error.message.split('\n')[0] ?? error.name;
	return String(error);
}
