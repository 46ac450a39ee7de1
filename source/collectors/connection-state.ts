/** What redtop knows about its link to one server, shown everywhere a target is shown. */
export type ConnectionState =
	| {readonly kind: 'connecting'; readonly sinceMs: number}
	| {readonly kind: 'up'; readonly sinceMs: number}
	| {readonly kind: 'loading'; readonly sinceMs: number; readonly percent: number | undefined; readonly etaSeconds: number | undefined}
	| {readonly kind: 'down'; readonly sinceMs: number; readonly reason: string}
	| {readonly kind: 'stalled'; readonly sinceMs: number; readonly reason: string};

export type ConnectionKind = ConnectionState['kind'];

/** Keeps `sinceMs` when the kind does not change, so "down for 2m" counts from the first failure. */
export function nextState(previous: ConnectionState, next: ConnectionState): ConnectionState {
	if (previous.kind !== next.kind) return next;
	return {...next, sinceMs: previous.sinceMs};
}
