import type {Redis} from 'ioredis';

/** The CONFIG GET values the panels need and INFO does not carry. Undefined when CONFIG is denied. */
export type ServerConfig = {
	readonly appendonly: boolean | undefined;
	readonly appendfsync: string | undefined;
	readonly maxMemoryBytes: number | undefined;
	readonly maxMemoryPolicy: string | undefined;
	readonly save: string | undefined;
	readonly noAppendfsyncOnRewrite: boolean | undefined;
};

const parameters = ['appendonly', 'appendfsync', 'maxmemory', 'maxmemory-policy', 'save', 'no-appendfsync-on-rewrite'] as const;

/** One CONFIG GET per parameter in a pipeline: Redis 6 takes only one pattern per call. */
export async function readServerConfig(client: Redis): Promise<ServerConfig | undefined> {
	const pipeline = client.pipeline();
	for (const name of parameters) pipeline.config('GET', name);
	const replies = await pipeline.exec();
	if (!replies) return undefined;
	const values = new Map<string, string>();
	for (const [error, reply] of replies) {
		if (error || !Array.isArray(reply)) continue;
		for (let i = 0; i + 1 < reply.length; i += 2) values.set(String(reply[i]), String(reply[i + 1]));
	}
	if (values.size === 0) return undefined;
	const yes = (name: string) => (values.has(name) ? values.get(name) === 'yes' : undefined);
	const maxmemory = values.get('maxmemory');
	return {
		appendonly: yes('appendonly'),
		appendfsync: values.get('appendfsync'),
		maxMemoryBytes: maxmemory === undefined ? undefined : Number(maxmemory),
		maxMemoryPolicy: values.get('maxmemory-policy'),
		save: values.get('save'),
		noAppendfsyncOnRewrite: yes('no-appendfsync-on-rewrite'),
	};
}

export const configCommandCount = parameters.length;
