import type {ReactNode} from 'react';
import {Box, Text, Transform} from 'ink';
import type {Level} from '../metrics/level.js';
import {LevelBadge, levelLabels, paint, useLevelColor} from './theme.js';

export type Variant = 'wide' | 'compact';

export type PanelProps = {
	readonly title: string;
	readonly level: Level;
	readonly width: number;
	readonly variant: Variant;
	/** Fixed height in rows (wide only), so panels side by side line up. */
	readonly height?: number;
	/** The one-line summary that follows the title in the compact layout. */
	readonly summary?: ReactNode;
	readonly children?: ReactNode;
};

const compactTitleWidth = 10;
const badgeWidth = Math.max(...Object.values(levelLabels).map(label => label.length));

/**
 * Wide: a rounded box in the level's colour with the title and level set into the top border.
 * Compact: one line, `Title  ✓ OK  summary`, then any children (a chart) below it.
 */
export function Panel({title, level, width, variant, height, summary, children}: PanelProps) {
	const color = useLevelColor()(level);
	if (variant === 'compact') {
		return (
			<Box flexDirection="column" width={width}>
				<Box>
					<Box width={compactTitleWidth} flexShrink={0}><Text bold>{title}</Text></Box>
					<Box width={badgeWidth + 2} flexShrink={0}><LevelBadge level={level} /></Box>
					<Text wrap="truncate">{summary}</Text>
				</Box>
				{children}
			</Box>
		);
	}
	const label = ` ${title} `;
	const badge = ` ${levelLabels[level]} `;
	const fill = Math.max(1, width - label.length - badge.length - 4);
	// The top border with the title and level set into it. Ink measures a row of spaces as long as
	// the line (ASCII: its fast path; box drawing would go through Intl.Segmenter on every frame),
	// and the line itself takes their place when the frame is written.
	const topWidth = label.length + fill + badge.length + 4;
	const painted = paint('╭─', color) + paint(label, undefined, true) + paint('─'.repeat(fill), color) + paint(badge, color, level === 'critical') + paint('─╮', color);
	return (
		<Box flexDirection="column" width={width} height={height}>
			{topWidth <= width ? (
				<Transform transform={() => painted}>
					<Text>{' '.repeat(topWidth)}</Text>
				</Transform>
			) : (
				<Text wrap="truncate">{painted}</Text>
			)}
			<Box flexDirection="column" borderStyle="round" borderTop={false} borderColor={color} paddingX={1} flexGrow={1}>
				{summary === undefined ? null : <Text wrap="truncate">{summary}</Text>}
				{children}
			</Box>
		</Box>
	);
}
