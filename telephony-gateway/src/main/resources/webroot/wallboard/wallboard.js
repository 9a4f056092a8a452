// The live wallboard. The board comes from the server over a WebSocket: the whole board once,
// then only what changed (at most once a second). Times arrive as instants, so the page counts
// the seconds itself. Text from the server only ever becomes textContent, never markup.
const en = new URLSearchParams(location.search).get('lang') === 'en';
const T = en ? {
  title: '12345 Hotline · Live board', other: '中文', otherHref: '?',
  cols: ['Queue', 'Waiting', 'Ringing', 'Oldest wait', 'Service level', 'ASA', 'AHT', 'Abandon rate',
    'Offered', 'Answered', 'Abandoned', 'Available', 'Ringing agents', 'On a call', 'Wrap-up', 'Paused'],
  states: { available: 'Available', ringing: 'Ringing', talking: 'On a call', wrap: 'Wrap-up', paused: 'Paused', empty: 'Empty seat' },
  s: 's', alerts: 'Alerts', noAlerts: 'Nothing needs attention.', trend: 'Through the day (per 15 minutes, calls that have ended)',
  callsToday: 'Calls today', callsLastWeek: 'Same weekday last week', slToday: 'Service level today', slTarget: 'Target', places: 'Today by district and street',
  placeCols: ['District', 'Calls', 'Dispatched', 'Top categories'], unknownPlace: '(no district yet)',
  zone: z => `Zone ${z}`, row: r => `row ${r}`, help: 'How each figure is computed', helpButton: 'Formulas',
  linkUp: '● live', linkDown: '● reconnecting…', forbidden: 'The wallboard is for supervisors and managers.',
  seat: s => `Seat ${s}`, emptySeat: 'Nobody is signed in at this seat.', agent: 'Agent', state: 'State',
  since: 'For', reason: 'Reason', call: 'Call', queue: 'Queue', caller: 'Caller', waited: 'Waited',
  ready: 'Make available', pause: 'Pause', logout: 'Sign out of the seat', official: 'Officials’ seat',
  done: 'Done: recorded in the audit trail.', refused: 'Refused: ', updated: 'updated',
  extensions: 'Extension requests (延期) waiting for a decision', noExtensions: 'No extension request waits.',
  extension: x => `Case ${x.caseId} · ${x.unit}: deadline ${time(x.deadlineThen)} → ${time(x.requestedDeadline)}: ${x.reason}`,
  grant: 'Grant', refuse: 'Refuse',
  listen: 'Listen', whisper: 'Whisper (coach)', barge: 'Barge in', stopMonitor: 'Hang up monitoring',
  modes: { listen: 'Listening', whisper: 'Whispering', barge: 'Barged in' },
  monDialling: (m, s) => `${m} seat ${s}: your phone is ringing, answer it to begin.`,
  monActive: (m, s, t) => `${m} seat ${s}: ${t}. Recorded in the audit trail.`,
  monEnded: (m, s, t) => `${m} seat ${s} ended after ${t}.`,
  monOthers: list => `On this call now: ${list}.`,
  alert: {
    'service-level': a => `${qn(a.queue)}: service level ${pct(a.value)} under the ${pct(a.target)} target`,
    'waiting': a => `${qn(a.queue)}: ${a.value} callers waiting (threshold ${a.threshold})`,
    'oldest-wait': a => `${qn(a.queue)}: a caller has waited ${dur(now() - a.since)} (threshold ${a.thresholdSeconds} s)`,
    'stuck-seat': a => `Seat ${a.seat} (${a.agent}): ${stateName(a.state)} for ${dur(now() - a.since)}, past its limit`,
    'case-nearing_deadline': a => `Case ${a.case}${place(a)}: deadline ${time(a.deadline)} is near`,
    'case-overdue': a => `Case ${a.case}${place(a)}: past its deadline ${time(a.deadline)}`,
    'case-escalated': a => `Case ${a.case}${place(a)}: escalated to the ${a.escalatedTo === 'city' ? 'city' : 'district'} (deadline ${time(a.deadline)})`,
    'case-incomplete': a => `Case ${a.case}: wrap-up ended without a form`
  },
  defs: [
    ['Waiting', 'callers in the queue that no seat rings yet; calls ringing at a seat are shown apart'],
    ['Oldest wait', 'age of the longest-waiting call now'],
    ['Service level', 'answered within the queue’s threshold ÷ (answered + abandoned), today; short abandons are left out'],
    ['ASA, average speed of answer', 'total wait of answered calls ÷ answered (wait = entering the queue → the agent answers; IVR time excluded)'],
    ['AHT, average handle time', '(talk + hold + wrap-up) ÷ answered calls that finished wrap-up'],
    ['Abandon rate', 'abandoned ÷ (answered + abandoned)'],
    ['Offered', 'calls that entered the queue today'],
    ['Answered', 'calls connected to an agent'],
    ['Abandoned', 'callers who hung up while waiting, after the short-abandon threshold; short abandons in brackets'],
    ['Agents', 'logged in (staffed) = available + ringing + on a call + wrap-up + paused; an agent of several queues counts in each'],
    ['Seat colours', 'the agent’s state and the time in it; a red blinking border: ringing past the ring time-out, wrap-up past the queue’s limit, paused or on one call past the alert'],
    ['Case supervision (督办)', 'a warning when 80% of a case’s time limit has passed, overdue at its deadline, then escalated to the district and to the city as further shares of the limit pass (cases.yaml supervision; by default +25% and +100%)'],
    ['Today by district', 'cases recorded since midnight (every answered call makes one), those dispatched to a unit, and their top categories'],
    ['Trends', 'calls that entered a queue per 15 minutes, today against the same weekday a week ago; the service level of each 15 minutes over all queues; from the call records, so a call counts once it has ended']
  ]
} : {
  title: '12345 热线 · 实时看板', other: 'English', otherHref: '?lang=en',
  cols: ['队列', '排队', '振铃', '最长等待', '服务水平', '平均应答', '平均处理', '放弃率',
    '呼入', '接通', '放弃', '空闲', '振铃坐席', '通话', '话后', '暂停'],
  states: { available: '空闲', ringing: '振铃', talking: '通话', wrap: '话后', paused: '暂停', empty: '空座' },
  s: '秒', alerts: '告警', noAlerts: '当前无需处理的告警。', trend: '全天趋势（每 15 分钟，按已结束的来电）',
  callsToday: '今日来电', callsLastWeek: '上周同日', slToday: '今日服务水平', slTarget: '目标', places: '今日各区、街乡来电',
  placeCols: ['区', '来电', '派单', '热点类别'], unknownPlace: '（尚未定位）',
  zone: z => `${z} 区`, row: r => `第 ${r} 排`, help: '各项指标的计算方法', helpButton: '指标说明',
  linkUp: '● 实时', linkDown: '● 重新连接中…', forbidden: '看板仅供班长和管理人员使用。',
  seat: s => `坐席 ${s}`, emptySeat: '此坐席无人签入。', agent: '话务员', state: '状态',
  since: '持续', reason: '原因', call: '通话', queue: '队列', caller: '来电号码', waited: '等待',
  ready: '置为空闲', pause: '置忙', logout: '签出坐席', official: '领导坐席',
  done: '已完成，并记入审计日志。', refused: '未执行：', updated: '更新于',
  extensions: '待审批的延期申请', noExtensions: '没有待审批的延期申请。',
  extension: x => `工单 ${x.caseId} · ${x.unit}：办理时限 ${time(x.deadlineThen)} → ${time(x.requestedDeadline)}：${x.reason}`,
  grant: '批准', refuse: '不批准',
  listen: '监听', whisper: '密语（指导）', barge: '强插', stopMonitor: '结束监听',
  modes: { listen: '监听', whisper: '密语', barge: '强插' },
  monDialling: (m, s) => `${m}坐席 ${s}：您的话机正在振铃，接听后开始。`,
  monActive: (m, s, t) => `正在${m}坐席 ${s}：${t}。已记入审计日志。`,
  monEnded: (m, s, t) => `${m}坐席 ${s} 已结束，历时 ${t}。`,
  monOthers: list => `正在此通话中：${list}。`,
  alert: {
    'service-level': a => `${qn(a.queue)}：服务水平 ${pct(a.value)}，低于目标 ${pct(a.target)}`,
    'waiting': a => `${qn(a.queue)}：${a.value} 人排队（阈值 ${a.threshold}）`,
    'oldest-wait': a => `${qn(a.queue)}：有来电已等待 ${dur(now() - a.since)}（阈值 ${a.thresholdSeconds} 秒）`,
    'stuck-seat': a => `坐席 ${a.seat}（${a.agent}）：${stateName(a.state)} 已 ${dur(now() - a.since)}，超过时限`,
    'case-nearing_deadline': a => `工单 ${a.case}${place(a)}：办理时限 ${time(a.deadline)} 临近`,
    'case-overdue': a => `工单 ${a.case}${place(a)}：已超过办理时限 ${time(a.deadline)}`,
    'case-escalated': a => `工单 ${a.case}${place(a)}：${a.escalatedTo === 'city' ? '市级督办' : '区级督办'}（办理时限 ${time(a.deadline)}）`,
    'case-incomplete': a => `工单 ${a.case}：话后处理结束仍未填单`
  },
  defs: [
    ['排队', '队列中尚无坐席振铃的来电；正在坐席振铃的来电单列'],
    ['最长等待', '当前等待最久的来电已等待的时间'],
    ['服务水平', '当日在队列阈值内接通的来电 ÷（接通 + 放弃）；短时放弃不计入'],
    ['平均应答（ASA）', '接通来电的总等待时长 ÷ 接通数（等待自进入队列至话务员接听，不含语音导航）'],
    ['平均处理（AHT）', '（通话 + 保持 + 话后）÷ 完成话后处理的接通来电'],
    ['放弃率', '放弃 ÷（接通 + 放弃）'],
    ['呼入', '当日进入队列的来电'],
    ['接通', '接通到话务员的来电'],
    ['放弃', '等待中挂机且超过短时放弃阈值的来电；括号内为短时放弃'],
    ['话务员', '签入 = 空闲 + 振铃 + 通话 + 话后 + 暂停；服务多个队列的话务员在每个队列都计入'],
    ['坐席颜色', '话务员状态及持续时间；红色闪烁边框：振铃超过振铃时限、话后超过队列时限、暂停或单通通话超过告警时长'],
    ['督办', '办理时限过去 80% 时临期预警，到期未办结为超期，此后按时限的比例再升级为区级督办、市级督办（cases.yaml 的 supervision，默认超期后再过时限的 25% 与 100%）'],
    ['今日各区来电', '当日零点以来记录的工单（每个接通来电一单）、其中派单至承办单位的数量及热点类别'],
    ['趋势', '每 15 分钟进入队列的来电，今日与上周同日对比；每 15 分钟全部队列的服务水平；取自通话记录，来电结束后计入']
  ]
};

const $ = id => document.getElementById(id);
const STATES = ['available', 'ringing', 'talking', 'wrap', 'paused'];
let board = { queues: {}, seats: {}, places: {}, alerts: {}, trend: {}, layout: [], settings: {}, pauseReasons: {} };
let charts = null;
let skew = 0; // server time minus page time
let cells = {};
let roles = [];
let myId = '';
let open = null; // the seat whose panel is open
let backoff = 500;
let expanded = new Set();

function now() { return Date.now() + skew; }
function el(tag, text, className, title) {
  const e = document.createElement(tag);
  if (text !== undefined && text !== null) { e.textContent = text; }
  if (className) { e.className = className; }
  if (title) { e.title = title; }
  return e;
}
function localName(n, fallback) { return n ? (en ? n.en : n.zh) : fallback; }
function qn(id) { const q = board.queues[id]; return q ? localName(q.name, id) : id; }
function pct(v) { return v === null || v === undefined ? '–' : (100 * v).toFixed(1) + '%'; }
function dur(ms) {
  const s = Math.max(0, Math.floor(ms / 1000));
  const h = Math.floor(s / 3600), m = Math.floor((s % 3600) / 60), r = s % 60;
  return (h ? h + ':' + String(m).padStart(2, '0') : m) + ':' + String(r).padStart(2, '0');
}
function time(iso) { return iso ? new Date(iso).toLocaleString(en ? 'en-GB' : 'zh-CN') : '–'; }
function stateName(s) { return T.states[s] || s; }
function place(a) { return a.district ? ` (${a.district}${a.street ? ' · ' + a.street : ''})` : ''; }
function reasonName(code) { return localName(board.pauseReasons[code], code); }

function labels() {
  document.title = T.title;
  $('title').textContent = T.title;
  $('lang').textContent = T.other; $('lang').href = T.otherHref;
  $('alerts-title').textContent = T.alerts;
  $('places-title').textContent = T.places;
  $('trend-title').textContent = T.trend;
  $('help-button').textContent = T.helpButton;
  $('help-title').textContent = T.help;
  const defs = Object.fromEntries(T.defs);
  $('queue-head').replaceChildren(...T.cols.map(c => el('th', c, '', defs[c] || '')));
  $('place-head').replaceChildren(...T.placeCols.map(c => el('th', c)));
  $('help-list').replaceChildren(...T.defs.flatMap(([k, v]) => [el('dt', k), el('dd', v)]));
  $('act-ready').textContent = T.ready; $('act-pause').textContent = T.pause; $('act-logout').textContent = T.logout;
  $('mon-listen').textContent = T.listen; $('mon-whisper').textContent = T.whisper;
  $('mon-barge').textContent = T.barge; $('mon-stop').textContent = T.stopMonitor;
  $('legend').replaceChildren(...[...STATES, 'empty'].map(s => {
    const span = el('span'); span.append(el('i', null, s), document.createTextNode(''), el('b', ''));
    span.dataset.state = s; return span;
  }));
}

// ---- the floor ----
function buildFloor() {
  const zones = new Map();
  for (const s of board.layout) {
    if (!zones.has(s.zone)) { zones.set(s.zone, new Map()); }
    const rows = zones.get(s.zone);
    if (!rows.has(s.row)) { rows.set(s.row, []); }
    rows.get(s.row).push(s);
  }
  cells = {};
  const parts = [];
  for (const [zone, rows] of zones) {
    const z = el('div', null, 'zone');
    z.append(el('h3', T.zone(zone)));
    for (const [, seats] of rows) {
      const r = el('div', null, 'row');
      for (const s of seats) {
        const c = el('div', null, 'cell');
        c.dataset.seat = s.seat;
        c.dataset.official = s.official ? '1' : '';
        c.title = T.seat(s.seat) + (s.official ? ' · ' + T.official : '');
        c.append(el('b', s.seat), el('span', ''));
        c.addEventListener('click', () => showSeat(s.seat));
        cells[s.seat] = c;
        r.append(c);
      }
      z.append(r);
    }
    parts.push(z);
  }
  $('floor').replaceChildren(...parts);
  for (const id of Object.keys(cells)) { paintSeat(id); }
}

function paintSeat(id) {
  const c = cells[id];
  if (!c) { return; }
  const s = board.seats[id];
  const state = s ? s.state : 'empty';
  const over = s && s.limitAt !== null && s.limitAt !== undefined && now() > s.limitAt;
  c.className = 'cell ' + state + (c.dataset.official ? ' official' : '') + (over ? ' over' : '');
  c.lastChild.textContent = s ? dur(now() - s.since) : '';
}

function tick() {
  $('clock').textContent = new Date(now()).toLocaleTimeString(en ? 'en-GB' : 'zh-CN');
  for (const id of Object.keys(board.seats)) { paintSeat(id); }
  for (const [id, q] of Object.entries(board.queues)) {
    const td = document.querySelector(`#queue-rows tr[data-queue="${CSS.escape(id)}"] td.oldest`);
    if (td) { paintOldest(td, q); }
  }
  if (open) { showSeatFacts(); }
}

function paintOldest(td, q) {
  if (q.oldestSince === null || q.oldestSince === undefined) { td.textContent = '–'; td.className = 'oldest'; return; }
  const ms = now() - q.oldestSince;
  td.textContent = dur(ms);
  const limit = (board.settings.oldestWaitAlertSeconds || 60) * 1000;
  td.className = 'oldest ' + (ms > limit ? 'bad' : ms > limit / 3 ? 'warn' : '');
}

// ---- queues, totals, alerts, places ----
function renderQueues() {
  const target = board.settings.serviceLevelTarget || 0.8;
  $('queue-rows').replaceChildren(...Object.entries(board.queues).map(([id, q]) => {
    const a = q.agents || {};
    const tr = el('tr'); tr.dataset.queue = id;
    const oldest = el('td', '', 'oldest'); paintOldest(oldest, q);
    const sl = el('td', pct(q.serviceLevel), q.serviceLevel === null || q.serviceLevel === undefined ? '' : q.serviceLevel >= target ? 'good' : q.serviceLevel >= target - 0.1 ? 'warn' : 'bad');
    sl.append(el('small', ` ≤${q.slThresholdSeconds}${T.s}`, 'threshold'));
    const byReason = Object.entries(q.pausedBy || {}).map(([r, n]) => `${reasonName(r)} ${n}`).join(' · ');
    const paused = el('td', String(a.paused || 0));
    if (byReason) { paused.append(el('small', ` (${byReason})`, 'threshold')); }
    tr.append(
      el('td', localName(q.name, id)),
      el('td', String(q.waiting), q.waiting > (board.settings.waitingAlert || 10) ? 'bad' : ''),
      el('td', String(q.ringing)), oldest, sl,
      el('td', q.asaSeconds.toFixed(1) + T.s), el('td', q.ahtSeconds.toFixed(0) + T.s),
      el('td', pct(q.abandonRate)),
      el('td', String(q.offered)), el('td', String(q.answered)),
      el('td', `${q.abandoned} (${q.shortAbandoned})`),
      el('td', String(a.available || 0)), el('td', String(a.ringing || 0)), el('td', String(a.talking || 0)),
      el('td', String(a.wrap || 0)), paused);
    return tr;
  }));
}

function renderTotals() {
  const counts = Object.fromEntries(STATES.map(s => [s, 0]));
  for (const s of Object.values(board.seats)) { counts[s.state] = (counts[s.state] || 0) + 1; }
  counts.empty = board.layout.length - Object.keys(board.seats).length;
  for (const span of $('legend').children) {
    const s = span.dataset.state;
    span.childNodes[1].textContent = ' ' + stateName(s) + ' ';
    span.childNodes[2].textContent = String(counts[s] || 0);
  }
  const waiting = Object.values(board.queues).reduce((n, q) => n + q.waiting, 0);
  const offered = Object.values(board.queues).reduce((n, q) => n + q.offered, 0);
  const answered = Object.values(board.queues).reduce((n, q) => n + q.answered, 0);
  $('totals').replaceChildren(
    el('span', `${T.cols[1]} ${waiting}`), el('span', `${T.cols[8]} ${offered}`), el('span', `${T.cols[9]} ${answered}`));
}

function renderAlerts() {
  const list = Object.values(board.alerts).sort((a, b) => alertTime(b) - alertTime(a));
  if (!list.length) { $('alerts').replaceChildren(el('li', T.noAlerts, 'none')); return; }
  $('alerts').replaceChildren(...list.map(a => {
    const f = T.alert[a.kind];
    const critical = a.kind === 'case-overdue' || a.kind === 'case-escalated' || a.kind === 'stuck-seat' || a.kind === 'service-level';
    const li = el('li', f ? f(a) : a.kind, critical ? 'critical' : '');
    if (a.seat) { li.style.cursor = 'pointer'; li.addEventListener('click', () => showSeat(a.seat)); }
    return li;
  }));
}
function alertTime(a) { return a.at ? Date.parse(a.at) : a.since || now(); }

function renderPlaces() {
  const rows = [];
  const places = Object.values(board.places).sort((a, b) => b.calls - a.calls);
  for (const p of places) {
    const tr = el('tr', null, 'district');
    tr.append(el('td', p.id ? localName(p.name, p.id) : T.unknownPlace), el('td', String(p.calls)),
      el('td', String(p.dispatched)),
      el('td', p.topCategories.map(c => `${localName(c.name, c.id)} ${c.calls}`).join('、'), 'cats'));
    tr.addEventListener('click', () => { expanded.has(p.id) ? expanded.delete(p.id) : expanded.add(p.id); renderPlaces(); });
    rows.push(tr);
    if (expanded.has(p.id)) {
      for (const s of p.streets) {
        const st = el('tr', null, 'street');
        st.append(el('td', '　' + (s.id ? localName(s.name, s.id) : T.unknownPlace)), el('td', String(s.calls)), el('td', ''), el('td', ''));
        rows.push(st);
      }
    }
  }
  $('place-rows').replaceChildren(...rows);
}

// ---- trend charts (ECharts) ----
function renderTrend() {
  const t = board.trend.today;
  if (!t || typeof echarts === 'undefined') { return; }
  if (!charts) {
    charts = [echarts.init($('chart-calls'), 'dark'), echarts.init($('chart-sl'), 'dark')];
    window.addEventListener('resize', () => charts.forEach(c => c.resize()));
  }
  const slots = t.offered.map((_, i) => {
    const m = i * t.slotMinutes;
    return String(Math.floor(m / 60)).padStart(2, '0') + ':' + String(m % 60).padStart(2, '0');
  });
  const base = { backgroundColor: 'transparent', animation: false, grid: { left: 40, right: 12, top: 30, bottom: 24 },
    tooltip: { trigger: 'axis' }, xAxis: { type: 'category', data: slots } };
  charts[0].setOption(Object.assign({}, base, {
    legend: { data: [T.callsToday, T.callsLastWeek], top: 4 },
    yAxis: { type: 'value', minInterval: 1 },
    series: [
      { name: T.callsToday, type: 'bar', data: t.offered },
      { name: T.callsLastWeek, type: 'line', data: t.offeredLastWeek, showSymbol: false }
    ]
  }), true);
  const target = board.settings.serviceLevelTarget || 0.8;
  charts[1].setOption(Object.assign({}, base, {
    legend: { data: [T.slToday], top: 4 },
    yAxis: { type: 'value', min: 0, max: 1, axisLabel: { formatter: v => Math.round(v * 100) + '%' } },
    series: [{ name: T.slToday, type: 'line', data: t.serviceLevel, connectNulls: false,
      markLine: { symbol: 'none', data: [{ yAxis: target, name: T.slTarget }], label: { formatter: T.slTarget + ' ' + Math.round(target * 100) + '%' } } }]
  }), true);
}

// ---- a seat's panel ----
let seatFacts = null;
async function showSeat(id) {
  open = id;
  $('seat-panel').hidden = false;
  $('seat-title').textContent = T.seat(id);
  $('seat-message').textContent = '';
  const r = await fetch(`/api/wallboard/seats/${encodeURIComponent(id)}`);
  seatFacts = r.ok ? await r.json() : null;
  showSeatFacts();
  // other supervisors on this seat's call now (a listen is shown to supervisors, never the agent)
  const m = await fetch('/api/monitor').then(x => x.ok ? x.json() : { sessions: [] }).catch(() => ({ sessions: [] }));
  const others = (m.sessions || []).filter(x => x.seat === id && x.supervisor !== myId);
  $('mon-others').textContent = others.length
    ? T.monOthers(others.map(x => `${x.supervisor} (${T.modes[x.mode] || x.mode})`).join(', ')) : '';
}
function showSeatFacts() {
  const f = seatFacts;
  const dl = $('seat-facts');
  if (!f || !f.agent) { dl.replaceChildren(el('dd', T.emptySeat)); $('seat-actions').hidden = true; return; }
  const live = board.seats[open];
  const a = f.agent;
  const state = live ? live.state : a.state;
  const since = live ? live.since : a.since;
  const items = [[T.agent, `${a.name || ''} (${a.id})`], [T.state, stateName(state)], [T.since, dur(now() - since)]];
  if (live && live.reason) { items.push([T.reason, reasonName(live.reason)]); }
  if (f.call) {
    items.push([T.call, f.call.id], [T.queue, qn(f.call.queue)]);
    if (f.call.caller) { items.push([T.caller, f.call.caller]); }
    const answered = f.call.answeredAt || now();
    items.push([T.waited, dur(answered - f.call.enqueuedAt)]);
  }
  dl.replaceChildren(...items.flatMap(([k, v]) => [el('dt', k), el('dd', v)]));
  $('seat-actions').hidden = !roles.includes('supervisor');
  showMonitor();
}
function csrf() {
  const c = document.cookie.split('; ').find(x => x.startsWith('XSRF-TOKEN='));
  return c ? decodeURIComponent(c.substring('XSRF-TOKEN='.length)) : '';
}
async function act(path, body) {
  const agent = seatFacts && seatFacts.agent && seatFacts.agent.id;
  if (!agent) { return; }
  const r = await fetch(`/api/agents/${encodeURIComponent(agent)}/${path}`, {
    method: 'POST',
    headers: body === undefined ? { 'X-XSRF-TOKEN': csrf() } : { 'content-type': 'application/json', 'X-XSRF-TOKEN': csrf() },
    body: body === undefined ? undefined : JSON.stringify(body)
  });
  if (r.ok) { $('seat-message').textContent = T.done; setTimeout(() => showSeat(open), 300); }
  else {
    const e = await r.json().catch(() => ({}));
    $('seat-message').textContent = T.refused + (e.message || r.status);
  }
}

// ---- 延期: units' extension requests, for supervisors to grant or refuse ----
async function loadExtensions() {
  const r = await fetch('/api/cases/extensions').catch(() => null);
  if (!r || !r.ok) { return; }
  const list = (await r.json()).extensions;
  if (!list.length) { $('extensions').replaceChildren(el('li', T.noExtensions, 'none')); return; }
  $('extensions').replaceChildren(...list.map(x => {
    const li = el('li', T.extension(x));
    li.dataset.extension = x.id;
    const grant = el('button', T.grant); grant.type = 'button';
    const refuse = el('button', T.refuse, 'danger'); refuse.type = 'button';
    grant.addEventListener('click', () => decide(x, 'grant', li));
    refuse.addEventListener('click', () => decide(x, 'refuse', li));
    li.append(' ', grant, ' ', refuse);
    return li;
  }));
}
async function decide(x, decision, li) {
  const r = await fetch(`/api/cases/${encodeURIComponent(x.caseId)}/extensions/${encodeURIComponent(x.id)}/${decision}`, {
    method: 'POST', headers: { 'content-type': 'application/json', 'X-XSRF-TOKEN': csrf() }, body: '{}'
  });
  if (!r.ok) {
    const e = await r.json().catch(() => ({}));
    li.append(el('span', ' ' + T.refused + (e.message || r.status), 'bad'));
    return;
  }
  loadExtensions();
}
// ---- supervisors on the line: the supervisor's own seat phone joins the seat's call ----
let monitoring = null; // this supervisor's session: {id, seat, mode, state, startedAt, seconds}
let monitorPoll = null;
function showMonitor() {
  const f = seatFacts;
  const mine = monitoring && monitoring.state !== 'ended' && monitoring.seat === open;
  const callHere = !!(f && f.agent && f.call);
  $('seat-monitor').hidden = !roles.includes('supervisor') || !(callHere || mine);
  const busy = !!(monitoring && monitoring.state !== 'ended');
  for (const m of ['listen', 'whisper', 'barge']) { $('mon-' + m).disabled = busy; }
  $('mon-stop').hidden = !mine;
  const s = monitoring;
  if (!s || s.seat !== open) { $('mon-state').textContent = ''; return; }
  const mode = T.modes[s.mode] || s.mode;
  if (s.state === 'dialling') { $('mon-state').textContent = T.monDialling(mode, s.seat); }
  else if (s.state === 'active') { $('mon-state').textContent = T.monActive(mode, s.seat, dur(now() - Date.parse(s.startedAt))); }
  else { $('mon-state').textContent = T.monEnded(mode, s.seat, dur(1000 * (s.seconds || 0))); }
}
async function startMonitor(mode) {
  if (!open) { return; }
  const r = await fetch(`/api/seats/${encodeURIComponent(open)}/monitor`, {
    method: 'POST', headers: { 'content-type': 'application/json', 'X-XSRF-TOKEN': csrf() },
    body: JSON.stringify({ mode })
  });
  const body = await r.json().catch(() => ({}));
  if (!r.ok) { $('mon-state').textContent = T.refused + (body.message || r.status); return; }
  follow(body);
}
async function stopMonitor() {
  if (!monitoring) { return; }
  const r = await fetch(`/api/monitor/${encodeURIComponent(monitoring.id)}/stop`, {
    method: 'POST', headers: { 'X-XSRF-TOKEN': csrf() }
  });
  if (!r.ok) { const e = await r.json().catch(() => ({})); $('mon-state').textContent = T.refused + (e.message || r.status); }
}
function follow(session) {
  monitoring = session;
  showMonitor();
  clearInterval(monitorPoll);
  monitorPoll = setInterval(async () => {
    const r = await fetch(`/api/monitor/${encodeURIComponent(monitoring.id)}`);
    if (r.ok) { monitoring = await r.json(); }
    if (!r.ok || monitoring.state === 'ended') { clearInterval(monitorPoll); }
    showMonitor();
  }, 1000);
}

// ---- the socket ----
function apply(m) {
  skew = m.at - Date.now();
  if (m.type === 'whole') {
    board = { queues: m.queues, seats: m.seats, places: m.places, alerts: m.alerts, trend: m.trend || {}, layout: m.layout, settings: m.settings, pauseReasons: m.pauseReasons };
    $('act-reason').replaceChildren(...Object.entries(board.pauseReasons).map(([code, n]) => { const o = el('option', localName(n, code)); o.value = code; return o; }));
    buildFloor();
  } else {
    for (const section of ['queues', 'seats', 'places', 'alerts', 'trend']) {
      for (const [k, v] of Object.entries(m[section] || {})) {
        if (v === null) { delete board[section][k]; } else { board[section][k] = v; }
        if (section === 'seats') { paintSeat(k); }
      }
    }
  }
  renderQueues(); renderTotals(); renderAlerts();
  if (m.type === 'whole' || Object.keys(m.places || {}).length) { renderPlaces(); }
  if (m.type === 'whole' || Object.keys(m.trend || {}).length) { renderTrend(); }
  $('notes').textContent = `${T.updated} ${new Date(m.at).toLocaleTimeString(en ? 'en-GB' : 'zh-CN')}`;
}

function connect() {
  const ws = new WebSocket((location.protocol === 'https:' ? 'wss://' : 'ws://') + location.host + '/api/wallboard/events');
  ws.onopen = () => { backoff = 500; $('link').textContent = T.linkUp; $('link').className = 'link'; };
  ws.onmessage = ev => {
    const m = JSON.parse(ev.data);
    if (m.type === 'whole' || m.type === 'delta') { apply(m); }
  };
  ws.onclose = ev => {
    $('link').textContent = T.linkDown; $('link').className = 'link down';
    if (ev.code === 4401) { toSignIn(); return; }
    // a network blip or a gateway restart: come back; the server sends the whole board again
    setTimeout(() => fetch('/api/session').then(r => r.status === 401 ? toSignIn() : connect()), backoff);
    backoff = Math.min(backoff * 2, 10000);
  };
}
function toSignIn() {
  location.assign('/signin/?next=' + encodeURIComponent(location.pathname + location.search) + (en ? '&lang=en' : ''));
}

async function start() {
  labels();
  $('help-button').addEventListener('click', () => { $('help').hidden = !$('help').hidden; });
  $('help-close').addEventListener('click', () => { $('help').hidden = true; });
  $('seat-close').addEventListener('click', () => { $('seat-panel').hidden = true; open = null; });
  $('act-ready').addEventListener('click', () => act('ready'));
  $('act-pause').addEventListener('click', () => act('pause', { reason: $('act-reason').value }));
  $('act-logout').addEventListener('click', () => act('logout'));
  for (const m of ['listen', 'whisper', 'barge']) { $('mon-' + m).addEventListener('click', () => startMonitor(m)); }
  $('mon-stop').addEventListener('click', stopMonitor);
  const r = await fetch('/api/session');
  if (r.status === 401) { toSignIn(); return; }
  const me = await r.json();
  roles = me.roles || [];
  // visiting officials' sessions: made by supervisors, read by managers
  $('guests-link').hidden = !roles.includes('supervisor') && !roles.includes('manager');
  $('guests-link').textContent = en ? 'Visiting officials' : '领导干部接听';
  $('guests-link').href = '/guests/' + (en ? '?lang=en' : '');
  myId = me.staffId;
  if (!roles.includes('supervisor') && !roles.includes('manager')) { $('notes').textContent = T.forbidden; return; }
  if (roles.includes('supervisor')) {
    // a reload in the middle of monitoring finds the session again
    const mine = await fetch('/api/monitor').then(x => x.ok ? x.json() : { sessions: [] });
    const s = (mine.sessions || []).find(x => x.supervisor === me.staffId);
    if (s) { follow(s); }
  }
  connect();
  if (roles.includes('supervisor')) {
    $('extensions-title').textContent = T.extensions;
    $('extensions-title').hidden = false; $('extensions').hidden = false;
    loadExtensions();
    setInterval(loadExtensions, 15000);
  }
  setInterval(tick, 1000);
  tick();
}
start();
