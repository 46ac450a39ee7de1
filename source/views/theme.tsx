import {createContext, useContext, type ReactNode} from 'react';
import chalk from 'chalk';
import {Text} from 'ink';
import {levelLabels, type Level} from '../metrics/level.js';

export {levelLabels};

export type LevelColor = 'green' | 'yellow' | 'red' | 'gray';

/** The one place colours live; views name a level, never a colour. */
const levelColors: Record<Level, LevelColor> = {ok: 'green', warn: 'yellow', critical: 'red', unknown: 'gray'};

/**
 * `text` in a level colour (undefined: none), optionally bold, for text Ink writes as-is (charts,
 * panel borders). Ink's own chalk, so the codes are exactly what a `<Text color bold>` writes,
 * including none at all where chalk writes none (--no-color).
 */
export function paint(text: string, color: LevelColor | undefined, isBold = false): string {
	const coloured = color === undefined ? text : chalk[color](text);
	return isBold ? chalk.bold(coloured) : coloured;
}

export type Theme = {readonly isColor: boolean};

const ThemeContext = createContext<Theme>({isColor: true});

export type ThemeProviderProps = {readonly isColor: boolean; readonly children: ReactNode};

export function ThemeProvider({isColor, children}: ThemeProviderProps) {
	return <ThemeContext.Provider value={{isColor}}>{children}</ThemeContext.Provider>;
}

/** The colour for a level, or undefined when colour is off. */
export function useLevelColor(): (level: Level) => LevelColor | undefined {
	const {isColor} = useContext(ThemeContext);
	return level => (isColor ? levelColors[level] : undefined);
}


export type LevelBadgeProps = {readonly level: Level};

export function LevelBadge({level}: LevelBadgeProps) {
	const color = useLevelColor();
	return <Text color={color(level)} bold={level === 'critical'}>{levelLabels[level]}</Text>;
}

export type LevelTextProps = {readonly level: Level; readonly children: ReactNode; readonly bold?: boolean};

/** A value in its level's colour. */
export function LevelText({level, children, bold}: LevelTextProps) {
	const color = useLevelColor();
	return <Text color={color(level)} bold={bold}>{children}</Text>;
}
