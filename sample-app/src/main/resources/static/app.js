'use strict';

// The status page: polls Actuator for the state of the failover DataSource (/actuator/failover,
// /actuator/health, /actuator/metrics/...) and checks the acknowledged orders against the database
// (/orders/acknowledged), and offers the switchover of the failover endpoint and, when the application runs
// its embedded demo databases (GET demo answers), the demo controls.

const POLL_INTERVAL_MS = 1000;
// a reading that takes longer is dropped, so that one stuck request cannot freeze the page
const READ_TIMEOUT_MS = 5000;
// reading the orders may wait for a writable node (failover.datasource.await-writable) first
const ORDERS_TIMEOUT_MS = 30000;
const TIMELINE_LIMIT = 50;
const ACTION_LABELS = {
	stop: 'Stop', kill: 'Kill', restart: 'Restart', 'black-hole': 'Black-hole', heal: 'Heal', promote: 'Promote',
};
const WAITING_METRIC = 'failover.datasource.borrows.waiting';
const REASON_LABELS = { failover: 'Failover', failback: 'Fail-back', switchover: 'Switchover' };

const state = {
	demoActions: [],
	rows: new Map(),
	timeline: new Map(),
	timelineChanged: false,
	lastErrorCount: null,
	lastSuccessCount: null,
	writesStalled: false,
	loadEnabled: null,
	// the last known role of each node (UNKNOWN, before its first probe, is no change)
	roles: new Map(),
	splitBrain: '',
	lastActive: null,
	// what was acknowledged when the last writable node was lost: { lastId, count }
	outage: null,
};

const byId = (id) => document.getElementById(id);

async function request(url, options = {}, timeoutMs = READ_TIMEOUT_MS) {
	const response = await fetch(url, {
		cache: 'no-store',
		signal: timeoutMs ? AbortSignal.timeout(timeoutMs) : undefined,
		...options,
		headers: { Accept: 'application/json', ...(options.body ? { 'Content-Type': 'application/json' } : {}) },
	});
	// health answers 503 with a body, errors come as JSON too
	const body = await response.json().catch(() => ({}));
	return { ok: response.ok, status: response.status, body };
}

// controls answer once done (a restart includes crash recovery): no time limit
const post = (url, body) => request(url, { method: 'POST', body: body ? JSON.stringify(body) : undefined }, 0);

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
	if (ok) {
		renderClusterManager(body.clusterManager);
	}
}

function renderClusterManager(clusterManager) {
	const note = byId('cluster-manager');
	note.hidden = false;
	note.dataset.automatic = String(clusterManager.automatic);
	note.textContent = clusterManager.automatic
		? `Cluster manager: promotes the replica ${clusterManager.promoteAfterMillis / 1000} s after the primary is lost `
			+ '(or use Promote).'
		: 'Cluster manager off: promote the replica yourself with its Promote button.';
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
	const splitBrain = failover.splitBrain || [];
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
		row.dataset.splitBrain = String(splitBrain.includes(node.name));
		field(row, 'name').textContent = node.name;
		const status = field(row, 'status');
		if (node.active) {
			status.textContent = `${node.status} · active`;
		}
		else if (splitBrain.includes(node.name)) {
			status.textContent = `${node.status} · split brain, no writes`;
		}
		else {
			status.textContent = node.status;
		}
		status.dataset.status = node.status;
		field(row, 'role').textContent = node.role;
		field(row, 'pool').textContent = `${node.pool.active} / ${node.pool.idle} / ${node.pool.max}`;
		field(row, 'latency').textContent = formatLatency(node.latencyMs);
	}
}

function renderWaiting(waiting) {
	const figure = byId('writes-waiting');
	figure.dataset.available = String(waiting !== null);
	figure.textContent = waiting === null ? '–' : String(waiting);
	figure.title = waiting === null ? `This version of the starter does not report ${WAITING_METRIC}` : '';
}

function renderSplitBrain(failover) {
	const nodes = failover.splitBrain || [];
	byId('split-brain').hidden = nodes.length === 0;
	byId('split-brain-nodes').textContent = nodes.join(', ');
	byId('split-brain-active').textContent = failover.active || 'none';
	const key = nodes.join(', ');
	if (key !== state.splitBrain && nodes.length > 0) {
		const time = new Date().toISOString();
		addTimelineEntry(`split-brain ${time}`, {
			time,
			kind: 'split-brain',
			attributes: { nodes: key },
			text: `Split brain: ${key} accepts writes besides ${failover.active || 'none'}; the starter keeps writes off it`,
		});
	}
	state.splitBrain = key;
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

function recordRoleChanges(failover) {
	for (const node of failover.nodes) {
		const previous = state.roles.get(node.name);
		if (node.role === 'UNKNOWN') {
			continue;
		}
		if (previous && previous !== node.role) {
			const time = new Date().toISOString();
			const promoted = previous === 'REPLICA' && node.role === 'PRIMARY';
			addTimelineEntry(`role ${time} ${node.name}`, {
				time,
				kind: 'role',
				attributes: { node: node.name, from: previous, to: node.role },
				text: `${node.name} ${promoted ? 'promoted' : 'changed role'}: ${previous} → ${node.role}`,
			});
		}
		state.roles.set(node.name, node.role);
	}
}

// When the last writable node is lost, remember what was acknowledged until then: nothing more can be
// acknowledged before a node is writable again, so these are exactly the orders written before the outage.
async function recordOutage(failover) {
	const hadActive = state.lastActive;
	// Actuator leaves out an active node of null
	state.lastActive = failover.active || null;
	if (state.lastActive || !hadActive) {
		return;
	}
	const { ok, body } = await request('orders/acknowledged');
	if (!ok) {
		return;
	}
	state.outage = { lastId: body.lastId ?? 0, count: body.count };
	const time = new Date().toISOString();
	addTimelineEntry(`outage ${time}`, {
		time,
		kind: 'outage',
		attributes: { node: hadActive },
		text: `No writable node since ${hadActive} was lost: writes wait or fail; ${body.count} orders acknowledged so far`,
	});
	renderOutage(null);
}

function recordWrites(successCount, active) {
	const previous = state.lastSuccessCount;
	state.lastSuccessCount = successCount;
	if (successCount === null || previous === null || !state.loadEnabled) {
		state.writesStalled = false;
	}
	// With no writable node no write can succeed: the writes counted since the last poll came before the outage.
	// An outage shorter than two polls (e.g. a prompt promotion) shows no stalled count, but it stalls the writes.
	else if (successCount === previous || !active) {
		state.writesStalled = true;
	}
	else if (state.writesStalled) {
		state.writesStalled = false;
		const time = new Date().toISOString();
		addTimelineEntry(`resume ${time}`, {
			time,
			kind: 'resume',
			attributes: { node: active || '' },
			text: `Writes resume${active ? ` on ${active}` : ''}`,
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
		const [failover, health, errors, successes, load, waiting] = await Promise.all([
			request('actuator/failover'),
			request('actuator/health'),
			metric('demo.requests', 'COUNT', 'outcome:error'),
			metric('demo.requests', 'COUNT', 'outcome:success'),
			metric('demo.load.enabled', 'VALUE'),
			metric(WAITING_METRIC, 'VALUE'),
		]);
		if (!failover.ok) {
			throw new Error(`the failover endpoint answered ${failover.status}`);
		}
		renderNodes(failover.body);
		renderSummary(failover.body, health.body);
		renderSplitBrain(failover.body);
		renderWaiting(waiting);
		recordEvents(failover.body);
		recordRoleChanges(failover.body);
		recordErrors(errors);
		renderLoad(load, successes);
		recordWrites(successes, failover.body.active);
		await recordOutage(failover.body);
		renderTimeline();
		document.body.dataset.polled = 'true';
	}
	catch (error) {
		showMessage(`Cannot read the application's state: ${error.message}`, true);
	}
	finally {
		setTimeout(poll, POLL_INTERVAL_MS);
	}
}

// check is null while the orders cannot be read (503, e.g. no node is writable): the next check tells.
function renderCheck(element, check) {
	element.dataset.verdict = check ? (check.stillThere === check.acknowledged ? 'intact' : 'missing') : 'checking';
	element.textContent = check ? String(check.stillThere) : 'checking…';
}

function renderOutage(check) {
	const { outage } = state;
	const note = byId('outage');
	note.hidden = false;
	byId('outage-last-id').textContent = String(outage.lastId);
	byId('outage-written').textContent = String(check ? check.acknowledged : outage.count);
	renderCheck(byId('outage-still-there'), check);
	note.dataset.verdict = byId('outage-still-there').dataset.verdict;
}

async function stillThere(upTo) {
	const query = upTo === undefined ? '' : `?upTo=${upTo}`;
	const { ok, body } = await request(`orders/acknowledged/still-there${query}`, {}, ORDERS_TIMEOUT_MS);
	return ok ? body : null;
}

// Apart from the poll: reading the orders waits while no node is writable, the rest of the page must not.
async function checkOrders() {
	try {
		const all = await stillThere();
		if (all) {
			byId('orders-acknowledged').textContent = String(all.acknowledged);
		}
		else {
			const { ok, body } = await request('orders/acknowledged');
			byId('orders-acknowledged').textContent = ok ? String(body.count) : '–';
		}
		renderCheck(byId('orders-still-there'), all);
		if (state.outage) {
			renderOutage(await stillThere(state.outage.lastId));
		}
	}
	catch (error) {
		// the poll reports an application it cannot reach
	}
	finally {
		setTimeout(checkOrders, POLL_INTERVAL_MS);
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
	checkOrders();
});
