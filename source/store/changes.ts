type Listener = () => void;

/**
 * A version number and the listeners to tell when it moves: what React's useSyncExternalStore
 * needs from a store. `subscribe` is an arrow property, so it is the same function every render.
 */
export class Changes {
	private readonly listeners = new Set<Listener>();
	private revision = 0;

	get version(): number {
		return this.revision;
	}

	readonly subscribe = (listener: Listener): (() => void) => {
		this.listeners.add(listener);
		return () => {
			this.listeners.delete(listener);
		};
	};

	bump(): void {
		this.revision++;
		for (const listener of this.listeners) listener();
	}
}
