import {createContext, useContext, type ReactNode} from 'react';
import {Text} from 'ink';
import {levelLabels, type Level} from '../metrics/level.js';

export {levelLabels};

/** The one place colours live; views name a level, never a colour. */
const levelColors: Record<Level, string> = {ok: 'green', warn: 'yellow', critical: 'red', unknown: 'gray'};

/** SGR foreground codes of the level colours, for text Ink writes as-is (the charts). */
export const ansiColor: Readonly<Record<string, number>> = {green: 32, yellow: 33, red: 31, gray: 90};


export type Theme = {readonly isColor: boolean};

const ThemeContext = createContext<Theme>({isColor: true});

export type ThemeProviderProps = {readonly isColor: boolean; readonly children: ReactNode};

export function ThemeProvider({isColor, children}: ThemeProviderProps) {
	return <ThemeContext.Provider value={{isColor}}>{children}</ThemeContext.Provider>;
}

/** The colour for a level, or undefined when colour is off. */
export function useLevelColor(): (level: Level) => string | undefined {
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
