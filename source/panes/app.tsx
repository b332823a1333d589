import {Box} from 'ink';
import {useSyncExternalStore} from 'react';
import type {ViewStore} from '../app/view-state.js';
import {ConfirmDialog} from './confirm-dialog.js';
import {HelpOverlay} from './help-overlay.js';
import {NewAgentForm} from './new-agent-form.js';
import {Overview} from './overview.js';
import {PaneFrame} from './pane-frame.js';
import {StatusBar} from './status-bar.js';

/** The chrome: pane frames, the status bar and overlays. Pane contents are painted by the compositor. */
export function App({multiplexer}: {readonly multiplexer: ViewStore}) {
	const state = useSyncExternalStore(multiplexer.subscribe, multiplexer.getState);
	return (
		<Box width={state.cols} height={state.rows}>
			{state.panes
				.filter(pane => pane.visible)
				.map(pane => (
					<PaneFrame key={pane.id} pane={pane} />
				))}
			<StatusBar state={state} />
			{state.overlay?.kind === 'help' ? <HelpOverlay state={state} /> : null}
			{state.overlay?.kind === 'new-agent' ? <NewAgentForm form={state.overlay.form} cwd={state.overlay.cwd} cols={state.cols} rows={state.rows} /> : null}
			{state.overlay?.kind === 'overview' ? <Overview rows={state.overlay.rows} selected={state.overlay.selected} now={state.overlay.now} cols={state.cols} height={state.rows} /> : null}
			{state.overlay?.kind === 'confirm' ? (
				<ConfirmDialog title={state.overlay.title} detail={state.overlay.detail} rule={state.overlay.rule} choices={state.overlay.choices} cols={state.cols} rows={state.rows} />
			) : null}
		</Box>
	);
}
