import {Text} from 'ink';
import {formatBytes, formatCount, formatPercent} from '../metrics/format.js';
import type {TargetStatus} from '../metrics/status-types.js';
import {Panel, type Variant} from './panel.js';
import {LevelText} from './theme.js';

export type ClientsPanelProps = {
	readonly clients: TargetStatus['clients'];
	readonly hitRatio: number | undefined;
	readonly network: TargetStatus['network'];
	readonly width: number;
	readonly variant: Variant;
	readonly height?: number;
};

export function ClientsPanel({clients, hitRatio, network, width, variant, height}: ClientsPanelProps) {
	const {level} = clients;
	const hits = hitRatio === undefined ? 'hits —' : `hits ${formatPercent(hitRatio * 100)}`;
	const connected = (
		<Text>
			<LevelText level={level} bold>{formatCount(clients.connected)}</LevelText> / {formatCount(clients.max)} ({formatPercent(clients.usedPercent)})
		</Text>
	);
	const others = `blocked ${formatCount(clients.blocked)} · rejected ${formatCount(clients.rejected)}`;
	const traffic = `in ${formatBytes(network.inBytesPerSec)}/s · out ${formatBytes(network.outBytesPerSec)}/s`;
	if (variant === 'compact') {
		return (
			<Panel title="Clients" level={level} width={width} variant={variant}
				summary={clients.connected === undefined ? <Text dimColor>waiting…</Text> : <Text>{connected} · {others} · {hits}</Text>} />
		);
	}
	return (
		<Panel title="Clients & hits" level={level} width={width} variant={variant} height={height}
			summary={clients.connected === undefined ? <Text dimColor>waiting…</Text> : <Text>{connected} connected</Text>}>
			<Text wrap="truncate">{others}</Text>
			<Text wrap="truncate">{hits} (last 10 s)</Text>
			<Text wrap="truncate" dimColor>{traffic}</Text>
		</Panel>
	);
}
