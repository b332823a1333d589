import type {Key} from '../keys/key-event.js';
import {comparePositions, nextMatch, type SearchMatch, searchHistory} from './search.js';
import {cellText, type HistoryPosition, type LineSource, ordered, type SelectionKind, selectionText} from './selection-text.js';

/** What a copy-mode history offers beyond its lines: where its cursor was, which lines still exist, its width. */
export type CopySource = LineSource & {cols: number; firstKept: number; cursor: HistoryPosition};

/** What a key did: nothing more to do, leave copy mode, or copy this text (and leave). */
export type CopyResult = {type: 'stay'} | {type: 'leave'} | {type: 'copy'; text: string};

/** A highlighted run of cells on one line. */
export type Highlight = {from: number; to: number; kind: 'selection' | 'match' | 'current'};

/** What the status bar says about copy mode. */
export type CopyStatus = {
	offset: number;
	total: number;
	prompt?: string;
	matches?: {current: number; count: number; query: string};
	selecting?: SelectionKind;
	message?: string;
};

type WordClass = 0 | 1 | 2;

function wordClass(chars: string): WordClass {
	if (chars === '' || chars.trim() === '') {
		return 0;
	}

	return /[\p{L}\p{N}_]/u.test(chars) ? 1 : 2;
}

/**
 * Copy mode over one pane's history, as tmux's vi copy mode: a cursor moved by keys, a selection
 * from an anchor to the cursor (characters or whole lines), and a search with its matches. The
 * view (`top`) follows the cursor. Pure state: the client view draws it and sends the copy.
 */
export class CopyMode {
	/** The first history line shown. */
	top: number;
	cursor: HistoryPosition;
	anchor: HistoryPosition | undefined;
	kind: SelectionKind = 'char';
	/** Typing a search: its direction and the text so far. */
	prompt: {direction: 'down' | 'up'; text: string} | undefined;
	private query = '';
	private direction: 'down' | 'up' = 'up';
	private matches: SearchMatch[] = [];
	private current: number | undefined;
	/** Matches by line, for drawing. */
	private matchLines = new Map<number, number[]>();
	private message: string | undefined;

	constructor(
		readonly source: CopySource,
		/** Rows in the pane's view. */
		readonly height: number,
	) {
		this.cursor = {...source.cursor};
		this.top = this.maxTop;
	}

	/** The last value `top` can take: the view's bottom on the history's last line. */
	get maxTop(): number {
		return Math.max(this.source.firstKept, this.source.length - this.height);
	}

	/** Whether the view shows the history's last lines. */
	get atBottom(): boolean {
		return this.top >= this.maxTop;
	}

	/** Scrolls the view by `lines` (the wheel); the cursor stays inside it. */
	scrollBy(lines: number): void {
		this.top = Math.max(this.source.firstKept, Math.min(this.maxTop, this.top + lines));
		const line = Math.max(this.top, Math.min(this.top + this.height - 1, this.cursor.line));
		this.cursor = {line, col: this.cursor.col};
	}

	/** The history position shown at row `y`, column `x` of the view. */
	positionAt(x: number, y: number): HistoryPosition {
		return {line: Math.min(this.source.length - 1, this.top + Math.max(0, y)), col: Math.max(0, Math.min(this.source.cols - 1, x))};
	}

	/** Puts the cursor at a position and, unless `extend`, drops the selection. */
	moveTo(position: HistoryPosition, extend = false): void {
		if (!extend) {
			this.anchor = undefined;
		}

		this.cursor = this.clamp(position);
		this.follow();
	}

	/** Starts a character selection at `position` (a mouse drag's press point). */
	selectFrom(position: HistoryPosition): void {
		this.anchor = this.clamp(position);
		this.kind = 'char';
	}

	/** The selected text, or undefined with no selection. */
	selectedText(): string | undefined {
		return this.anchor ? selectionText(this.source, this.anchor, this.cursor, this.kind) : undefined;
	}

	/** Handles one key. */
	key(key: Key): CopyResult {
		this.message = undefined;
		if (this.prompt) {
			this.promptKey(key);
			return {type: 'stay'};
		}

		const name = key.ctrl ? `ctrl+${key.name}` : key.name;
		const page = Math.max(1, this.height - 1);
		const half = Math.max(1, Math.ceil(this.height / 2));
		switch (name) {
			case 'q': {
				return {type: 'leave'};
			}

			case 'escape': {
				if (this.anchor) {
					this.anchor = undefined;
					return {type: 'stay'};
				}

				return {type: 'leave'};
			}

			case 'enter':
			case 'y': {
				const text = this.selectedText();
				return text === undefined ? {type: 'leave'} : {type: 'copy', text};
			}

			case 'v':
			case 'V':
			case 'space': {
				const kind = name === 'V' ? 'line' : 'char';
				if (this.anchor && this.kind === kind) {
					this.anchor = undefined;
				} else {
					this.anchor ??= {...this.cursor};
					this.kind = kind;
				}

				return {type: 'stay'};
			}

			case '/':
			case '?': {
				this.prompt = {direction: name === '/' ? 'down' : 'up', text: ''};
				return {type: 'stay'};
			}

			case 'n':
			case 'N': {
				const reverse = this.direction === 'down' ? 'up' : 'down';
				this.jump(name === 'n' ? this.direction : reverse);
				return {type: 'stay'};
			}

			default: {
				this.motion(name, page, half);
				return {type: 'stay'};
			}
		}
	}

	/** The highlighted runs of one history line. */
	highlights(line: number): Highlight[] {
		const runs: Highlight[] = [];
		const lastCol = this.source.cols - 1;
		for (const index of this.matchLines.get(line) ?? []) {
			const match = this.matches[index]!;
			runs.push({from: match.start.line === line ? match.start.col : 0, to: match.end.line === line ? match.end.col : lastCol, kind: index === this.current ? 'current' : 'match'});
		}

		if (this.anchor) {
			const [start, end] = ordered(this.anchor, this.cursor);
			if (line >= start.line && line <= end.line) {
				const whole = this.kind === 'line';
				runs.push({from: whole || line !== start.line ? 0 : start.col, to: whole || line !== end.line ? lastCol : end.col, kind: 'selection'});
			}
		}

		return runs;
	}

	/** What the status bar shows. */
	status(): CopyStatus {
		const status: CopyStatus = {offset: this.maxTop - this.top, total: this.maxTop - this.source.firstKept};
		if (this.prompt) {
			status.prompt = `${this.prompt.direction === 'down' ? '/' : '?'}${this.prompt.text}`;
		}

		if (this.query !== '') {
			status.matches = {current: this.current === undefined ? 0 : this.current + 1, count: this.matches.length, query: this.query};
		}

		if (this.anchor) {
			status.selecting = this.kind;
		}

		if (this.message !== undefined) {
			status.message = this.message;
		}

		return status;
	}

	private promptKey(key: Key): void {
		const prompt = this.prompt!;
		if (key.name === 'escape' || (key.ctrl && key.name === 'c')) {
			this.prompt = undefined;
			return;
		}

		if (key.name === 'enter') {
			this.prompt = undefined;
			if (prompt.text !== '') {
				this.search(prompt.text, prompt.direction);
			}

			return;
		}

		if (key.name === 'backspace') {
			if (prompt.text === '') {
				this.prompt = undefined;
			} else {
				prompt.text = [...prompt.text].slice(0, -1).join('');
			}

			return;
		}

		if (key.ctrl && key.name === 'u') {
			prompt.text = '';
			return;
		}

		if (!key.ctrl && !key.alt && (key.name === 'space' || [...key.name].length === 1)) {
			prompt.text += key.name === 'space' ? ' ' : key.name;
		}
	}

	/** Searches the whole history and goes to the nearest match in `direction`. */
	search(query: string, direction: 'down' | 'up'): void {
		this.query = query;
		this.direction = direction;
		this.matches = searchHistory(this.source, query).filter(match => match.start.line >= this.source.firstKept);
		this.matchLines = new Map();
		for (const [index, match] of this.matches.entries()) {
			for (let line = match.start.line; line <= match.end.line; line++) {
				const list = this.matchLines.get(line) ?? [];
				list.push(index);
				this.matchLines.set(line, list);
			}
		}

		this.current = undefined;
		this.jump(direction);
	}

	private jump(direction: 'down' | 'up'): void {
		if (this.query === '') {
			return;
		}

		const index = nextMatch(this.matches, this.cursor, direction);
		if (index === undefined) {
			this.message = `no match for ${this.query}`;
			return;
		}

		const wrapped = direction === 'down' ? comparePositions(this.matches[index]!.start, this.cursor) <= 0 : comparePositions(this.matches[index]!.start, this.cursor) >= 0;
		if (wrapped && this.current !== undefined) {
			this.message = direction === 'down' ? 'search hit BOTTOM, continuing at TOP' : 'search hit TOP, continuing at BOTTOM';
		}

		this.current = index;
		this.cursor = {...this.matches[index]!.start};
		this.follow();
	}

	private motion(name: string, page: number, half: number): void {
		const {cursor} = this;
		switch (name) {
			case 'h':
			case 'left': {
				this.moveTo({line: cursor.line, col: this.cellStart(cursor.line, cursor.col - 1)}, true);
				break;
			}

			case 'l':
			case 'right': {
				const width = this.source.line(cursor.line)?.getCell(cursor.col)?.getWidth() ?? 1;
				this.moveTo({line: cursor.line, col: cursor.col + Math.max(1, width)}, true);
				break;
			}

			case 'k':
			case 'up': {
				this.moveTo({line: cursor.line - 1, col: cursor.col}, true);
				break;
			}

			case 'j':
			case 'down': {
				this.moveTo({line: cursor.line + 1, col: cursor.col}, true);
				break;
			}

			case '0':
			case 'home': {
				this.moveTo({line: cursor.line, col: 0}, true);
				break;
			}

			case '$':
			case 'end': {
				const line = this.source.line(cursor.line);
				const text = line ? cellText(line, 0, line.length - 1) : {text: '', columns: []};
				const end = text.text.trimEnd().length;
				this.moveTo({line: cursor.line, col: end > 0 ? text.columns[end - 1]! : 0}, true);
				break;
			}

			case '^': {
				const line = this.source.line(cursor.line);
				const text = line ? cellText(line, 0, line.length - 1) : {text: '', columns: []};
				const start = text.text.search(/\S/);
				this.moveTo({line: cursor.line, col: start === -1 ? 0 : text.columns[start]!}, true);
				break;
			}

			case 'g':
			case 'ctrl+home': {
				this.moveTo({line: this.source.firstKept, col: 0}, true);
				break;
			}

			case 'G':
			case 'ctrl+end': {
				this.moveTo({line: this.source.length - 1, col: 0}, true);
				break;
			}

			case 'pageup':
			case 'ctrl+b': {
				this.page(-page);
				break;
			}

			case 'pagedown':
			case 'ctrl+f': {
				this.page(page);
				break;
			}

			case 'ctrl+u': {
				this.page(-half);
				break;
			}

			case 'ctrl+d': {
				this.page(half);
				break;
			}

			case 'w': {
				this.moveTo(this.nextWord(cursor), true);
				break;
			}

			case 'b': {
				this.moveTo(this.previousWord(cursor), true);
				break;
			}

			default: {
				break;
			}
		}
	}

	/** Moves the view and the cursor by `lines`, as PgUp and PgDn do. */
	private page(lines: number): void {
		const top = this.top;
		this.scrollBy(lines);
		const moved = this.top - top;
		this.moveTo({line: this.cursor.line + (moved === 0 ? lines : moved), col: this.cursor.col}, true);
	}

	private classAt(position: HistoryPosition): WordClass {
		const cell = this.source.line(position.line)?.getCell(position.col);
		if (cell?.getWidth() === 0) {
			return this.classAt({line: position.line, col: position.col - 1});
		}

		return wordClass(cell?.getChars() ?? '');
	}

	/** vi's w: past this word and the blanks after it, across line ends. */
	private nextWord(from: HistoryPosition): HistoryPosition {
		const last = this.source.length - 1;
		const lastCol = this.source.cols - 1;
		let position = {...from};
		const step = () => {
			if (position.col < lastCol) {
				position = {line: position.line, col: position.col + 1};
				return true;
			}

			if (position.line < last) {
				position = {line: position.line + 1, col: 0};
				return true;
			}

			return false;
		};

		const start = this.classAt(position);
		const startLine = position.line;
		while (start !== 0 && this.classAt(position) === start && position.line === startLine && step()) {
			// Over the word.
		}

		while (this.classAt(position) === 0 && step()) {
			// Over the blanks.
		}

		return position;
	}

	/** vi's b: back to the start of this word, or of the one before. */
	private previousWord(from: HistoryPosition): HistoryPosition {
		const first = this.source.firstKept;
		const lastCol = this.source.cols - 1;
		let position = {...from};
		const back = () => {
			if (position.col > 0) {
				position = {line: position.line, col: position.col - 1};
				return true;
			}

			if (position.line > first) {
				position = {line: position.line - 1, col: lastCol};
				return true;
			}

			return false;
		};

		if (!back()) {
			return position;
		}

		while (this.classAt(position) === 0 && back()) {
			// Over the blanks.
		}

		const kind = this.classAt(position);
		for (;;) {
			const before = position;
			if (!back() || this.classAt(position) !== kind || position.line !== before.line) {
				position = before;
				break;
			}
		}

		return {line: position.line, col: this.cellStart(position.line, position.col)};
	}

	/** The column a cell's character starts at (the left half of a wide character). */
	private cellStart(line: number, col: number): number {
		const clamped = Math.max(0, col);
		return clamped > 0 && this.source.line(line)?.getCell(clamped)?.getWidth() === 0 ? clamped - 1 : clamped;
	}

	private clamp(position: HistoryPosition): HistoryPosition {
		const line = Math.max(this.source.firstKept, Math.min(this.source.length - 1, position.line));
		return {line, col: this.cellStart(line, Math.min(this.source.cols - 1, position.col))};
	}

	/** Scrolls the view just enough to show the cursor. */
	private follow(): void {
		if (this.cursor.line < this.top) {
			this.top = this.cursor.line;
		} else if (this.cursor.line >= this.top + this.height) {
			this.top = this.cursor.line - this.height + 1;
		}

		this.top = Math.max(this.source.firstKept, Math.min(this.maxTop, this.top));
	}
}
