'use strict';

// The status page: polls Actuator for the state of the failover DataSource (/actuator/failover,
// /actuator/health, /actuator/metrics/...), and offers the switchover of the failover endpoint and,
// when the application runs its embedded demo databases (GET demo answers), the demo controls.

const POLL_INTERVAL_MS = 1000;
const TIMELINE_LIMIT = 50;
const ACTION_LABELS = { stop: 'Stop', kill: 'Kill', restart: 'Restart', 'black-hole': 'Black-hole', heal: 'Heal' };
const REASON_LABELS = { failover: 'Failover', failback: 'Fail-back', switchover: 'Switchover' };

const state = {
	demoActions: [],
	rows: new Map(),
	timeline: new Map(),
	timelineChanged: false,
	lastErrorCount: null,
	loadEnabled: null,
};

const byId = (id) => document.getElementById(id);

async function request(url, options = {}) {
	const response = await fetch(url, {
		cache: 'no-store',
		...options,
		headers: { Accept: 'application/json', ...(options.body ? { 'Content-Type': 'application/json' } : {}) },
	});
	// health answers 503 with a body, errors come as JSON too
	const body = await response.json().catch(() => ({}));
	return { ok: response.ok, status: response.status, body };
}

const post = (url, body) => request(url, { method: 'POST', body: body ? JSON.stringify(body) : undefined });

async function metric(name, statistic, tag) {
	const query = tag ? `?tag=${encodeURIComponent(tag)}` : '';
	const { ok, body } = await request(`actuator/metrics/${name}${query}`);
	const measurement = ok ? body.measurements.find((candidate) => candidate.statistic === statistic) : undefined;
	return measurement ? measurement.value : null;
}

function showMessage(text, isError = false) {
	const message = byId('message');
	message.textContent = text;
	message.dataset.kind = isError ? 'error' : 'info';
}

function field(row, name) {
	return row.querySelector(`[data-field="${name}"]`);
}

function formatLatency(latencyMs) {
	return latencyMs === null || latencyMs === undefined ? '–' : `${latencyMs.toFixed(1)} ms`;
}

async function detectDemo() {
	const { ok, body } = await request('demo');
	state.demoActions = ok ? body.actions : [];
	document.body.dataset.demo = ok ? 'on' : 'off';
	byId('demo-note').hidden = ok;
}

function createRow(name) {
	const row = byId('node-row-template').content.firstElementChild.cloneNode(true);
	row.dataset.node = name;
	const switchover = row.querySelector('[data-action="switchover"]');
	switchover.dataset.node = name;
	switchover.setAttribute('aria-label', `Switch over to ${name}`);
	const demoActions = field(row, 'demo-actions');
	for (const action of state.demoActions) {
		const button = document.createElement('button');
		button.type = 'button';
		button.className = `demo-action demo-action-${action.name}`;
		button.dataset.action = action.name;
		button.dataset.node = name;
		button.title = action.description;
		button.setAttribute('aria-label', `${ACTION_LABELS[action.name] || action.name} ${name}`);
		button.textContent = ACTION_LABELS[action.name] || action.name;
		demoActions.append(button);
	}
	return row;
}

function renderNodes(failover) {
	const rows = byId('node-rows');
	for (const node of failover.nodes) {
		let row = state.rows.get(node.name);
		if (!row) {
			row = createRow(node.name);
			rows.append(row);
			state.rows.set(node.name, row);
		}
		row.dataset.status = node.status;
		row.dataset.role = node.role;
		row.dataset.active = String(node.active);
		field(row, 'name').textContent = node.name;
		const status = field(row, 'status');
		status.textContent = node.active ? `${node.status} · active` : node.status;
		status.dataset.status = node.status;
		field(row, 'role').textContent = node.role;
		field(row, 'pool').textContent = `${node.pool.active} / ${node.pool.idle} / ${node.pool.max}`;
		field(row, 'latency').textContent = formatLatency(node.latencyMs);
	}
}

function renderSummary(failover, health) {
	const active = byId('active-node');
	active.textContent = failover.active || 'none';
	active.dataset.activeNode = failover.active || '';
	byId('failover-count').textContent = String(failover.failovers);
	const healthStatus = byId('health-status');
	healthStatus.textContent = health.status || 'UNKNOWN';
	healthStatus.dataset.status = health.status || 'UNKNOWN';
}

function addTimelineEntry(key, entry) {
	if (!state.timeline.has(key)) {
		state.timeline.set(key, entry);
		state.timelineChanged = true;
	}
}

function recordEvents(failover) {
	for (const event of failover.events) {
		addTimelineEntry(`event ${event.time} ${event.from} ${event.to}`, {
			time: event.time,
			kind: 'change',
			attributes: { reason: event.reason, from: event.from || '', to: event.to },
			text: `${REASON_LABELS[event.reason] || event.reason}: ${event.from || 'none'} → ${event.to}`,
			detail: event.detail,
		});
	}
}

function recordErrors(errorCount) {
	if (errorCount === null) {
		return;
	}
	byId('requests-error').textContent = String(errorCount);
	if (state.lastErrorCount !== null && errorCount > state.lastErrorCount) {
		const failed = errorCount - state.lastErrorCount;
		const time = new Date().toISOString();
		addTimelineEntry(`errors ${time}`, {
			time,
			kind: 'errors',
			attributes: { count: String(failed) },
			text: `${failed} demo ${failed === 1 ? 'write' : 'writes'} failed`,
		});
	}
	state.lastErrorCount = errorCount;
}

function renderTimeline() {
	if (!state.timelineChanged) {
		return;
	}
	state.timelineChanged = false;
	const entries = [...state.timeline.values()].sort((a, b) => b.time.localeCompare(a.time)).slice(0, TIMELINE_LIMIT);
	const items = entries.map((entry) => {
		const item = document.createElement('li');
		item.className = `timeline-entry timeline-${entry.kind}`;
		item.dataset.kind = entry.kind;
		Object.entries(entry.attributes).forEach(([name, value]) => {
			item.dataset[name] = value;
		});
		const time = document.createElement('time');
		time.dateTime = entry.time;
		time.textContent = new Date(entry.time).toLocaleTimeString();
		const text = document.createElement('span');
		text.className = 'timeline-text';
		text.textContent = entry.text;
		item.append(time, text);
		if (entry.detail) {
			const detail = document.createElement('span');
			detail.className = 'timeline-detail';
			detail.textContent = entry.detail;
			item.append(detail);
		}
		return item;
	});
	byId('timeline').replaceChildren(...items);
}

function renderLoad(enabled, successCount) {
	byId('requests-success').textContent = successCount === null ? '–' : String(successCount);
	if (enabled === null) {
		return;
	}
	state.loadEnabled = enabled === 1;
	const loadState = byId('load-state');
	loadState.textContent = state.loadEnabled ? 'Load: writing a few orders per second' : 'Load: off';
	loadState.dataset.enabled = String(state.loadEnabled);
	const toggle = byId('load-toggle');
	toggle.disabled = false;
	toggle.textContent = state.loadEnabled ? 'Stop the load' : 'Start the load';
}

async function poll() {
	try {
		const [failover, health, errors, successes, load] = await Promise.all([
			request('actuator/failover'),
			request('actuator/health'),
			metric('demo.requests', 'COUNT', 'outcome:error'),
			metric('demo.requests', 'COUNT', 'outcome:success'),
			metric('demo.load.enabled', 'VALUE'),
		]);
		if (!failover.ok) {
			throw new Error(`the failover endpoint answered ${failover.status}`);
		}
		renderNodes(failover.body);
		renderSummary(failover.body, health.body);
		recordEvents(failover.body);
		recordErrors(errors);
		renderTimeline();
		renderLoad(load, successes);
		document.body.dataset.polled = 'true';
	}
	catch (error) {
		showMessage(`Cannot read the application's state: ${error.message}`, true);
	}
	finally {
		setTimeout(poll, POLL_INTERVAL_MS);
	}
}

async function control(button) {
	const { node, action } = button.dataset;
	const label = button.getAttribute('aria-label');
	button.disabled = true;
	showMessage(`${label}…`);
	try {
		const { ok, body } = action === 'switchover'
			? await post('actuator/failover', { target: node })
			: await post(`demo/nodes/${encodeURIComponent(node)}/${encodeURIComponent(action)}`);
		if (ok) {
			const time = new Date().toISOString();
			addTimelineEntry(`control ${time} ${node} ${action}`, {
				time,
				kind: 'control',
				attributes: { node, action },
				text: `You: ${label}`,
			});
			renderTimeline();
			showMessage(`${label}: done`);
		}
		else {
			showMessage(`${label} failed: ${body.message || body.detail || body.error || 'unknown error'}`, true);
		}
	}
	catch (error) {
		showMessage(`${label} failed: ${error.message}`, true);
	}
	finally {
		button.disabled = false;
	}
}

async function toggleLoad() {
	const { ok } = await post('demo/load', { enabled: !state.loadEnabled });
	if (!ok) {
		showMessage('Could not switch the load', true);
	}
}

document.addEventListener('DOMContentLoaded', async () => {
	byId('node-rows').addEventListener('click', (event) => {
		const button = event.target.closest('button[data-action]');
		if (button) {
			control(button);
		}
	});
	byId('load-toggle').addEventListener('click', toggleLoad);
	await detectDemo().catch((error) => showMessage(`Cannot reach the application: ${error.message}`, true));
	poll();
});
