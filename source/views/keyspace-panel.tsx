import {Text} from 'ink';
import {formatCount} from '../metrics/format.js';
import type {TargetStatus} from '../metrics/status-types.js';
import {Panel, type Variant} from './panel.js';

export type KeyspacePanelProps = {
	readonly keyspace: TargetStatus['keyspace'];
	readonly isKnown: boolean;
	readonly width: number;
	readonly variant: Variant;
	/** Rows available for db lines in the wide layout. */
	readonly maxRows?: number;
	readonly height?: number;
};

const describe = (db: TargetStatus['keyspace'][number]) =>
	`db${db.db} ${formatCount(db.keys)} key${db.keys === 1 ? '' : 's'} (${formatCount(db.expires)} with TTL)`;

export function KeyspacePanel({keyspace, isKnown, width, variant, maxRows = 3, height}: KeyspacePanelProps) {
	const level = isKnown ? 'ok' : 'unknown';
	const empty = isKnown ? 'no keys' : 'waiting…';
	if (variant === 'compact' || keyspace.length <= 1) {
		const line = keyspace.length === 0 ? <Text dimColor>{empty}</Text> : <Text>{keyspace.map(describe).join(' · ')}</Text>;
		return <Panel title="Keyspace" level={level} width={width} variant={variant} summary={line} height={height} />;
	}
	const shown = keyspace.slice(0, maxRows);
	const hidden = keyspace.length - shown.length;
	return (
		<Panel title="Keyspace" level={level} width={width} variant={variant} height={height}>
			{shown.map(db => <Text key={db.db} wrap="truncate">{describe(db)}</Text>)}
			{hidden > 0 ? <Text dimColor>… and {hidden} more db(s)</Text> : null}
		</Panel>
	);
}
