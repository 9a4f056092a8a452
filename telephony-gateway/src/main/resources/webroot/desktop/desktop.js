// The agent desktop. State comes from the server (the status and the seat's events over the
// WebSocket), never from memory in the page; text from the server only ever becomes textContent.
const en = new URLSearchParams(location.search).get('lang') === 'en';
const T = en ? {
  title: '12345 Hotline · Agent desktop', ready: 'Ready (Alt+R)', pause: 'Pause (Alt+P)',
  offDuty: 'Leave seat', signOut: 'Sign out', other: '中文', dutyTitle: 'Go on duty at a seat',
  seat: 'Seat', onDuty: 'Start', ringing: 'Incoming call: it rings at your seat', pop: 'Caller',
  number: 'Number', name: 'Name', line: 'Line', queue: 'Queue', wait: 'Waited', lastAgent: 'Last agent',
  history: 'History (open cases first)', cols: ['Case', 'Status', 'Category', 'Deadline', 'Created'],
  repeat: 'Repeat caller', open: n => `${n} open`, overdue: 'Overdue', s: 's', withheld: 'Number withheld',
  linkUp: '● connected', linkDown: '● reconnecting…', failed: 'Refused: ',
  coached: m => m === 'barge' ? 'A supervisor has joined your call' : 'A supervisor is coaching you',
  states: { available: 'Available', offered: 'Ringing', on_call: 'On a call', wrap_up: 'Wrap-up',
    paused: 'Paused', logged_out: 'Off duty' },
  handled: n => `Handled today: ${n}`, ivr: 'Menu', pressed: k => `pressed ${k}`, priority: 'Priority', noHistory: 'No earlier cases from this number.',
  caseTitle: 'Case form', requestType: 'Request type', category: 'Category',
  byCategory: '— as the category —', search: 'type to search', location: 'Location', district: 'District', street: 'Street / township', urgency: 'Urgency',
  summary: 'Summary', disposition: 'Handling', dispatch: 'Dispatch to a unit',
  direct: 'Answered on the call', ownerType: 'Unit type', answer: 'Answer given to the caller',
  coUnits: 'Co-units (joint handling)', coUnitsHint: 'the lead unit above leads; hold Ctrl to choose several bureaus that report to it',
  submit: 'Submit case (Alt+S)', choose: '— choose —', noMatch: 'No category matches',
  limit: (t, d) => `time limit ${t}, due about ${d}`, hours: h => `${h} h`, days: d => `${d} days`,
  wrapLeft: t => `Wrap-up ${t} left: submitting the case ends it`,
  wrapOver: 'Wrap-up time is over: the case is flagged incomplete for supervisors until you submit it.',
  submitted: id => `Case ${id} submitted.`, fixErrors: 'Please correct the marked fields.',
  resolved: 'Jurisdiction: ', ambiguous: 'Which one? ', unresolved: 'Not recognised: choose the district and street',
  proposed: 'Proposed: ',
  handover: 'Hand the call on', toQueue: 'To queue', toAgent: 'To agent (staff id)',
  transfer: 'Transfer', transferred: 'Call handed on: the case note records it.',
  callbacks: 'Callbacks', cbCols: ['Number', 'Why', 'Waited', 'Left at', 'Tries', 'Last', 'Held by', ''],
  reasons: { requested: 'Asked for a callback', abandoned: 'Hung up waiting' },
  outcomes: { reached: 'Reached', no_answer: 'No answer', busy: 'Busy', wrong_number: 'Wrong number', declined: 'Declined', unreachable: 'Unreachable' },
  claim: 'Take', dial: 'Call', noCallbacks: 'Nobody to call back.', dialling: n => `Calling ${n}: your phone rings first.`,
  outcomeAsk: 'How did it go?', refresh: 'Refresh',
  unit: 'Three-way with', conference: 'Call in', leave: 'Drop out (the unit has the facts)',
  calling: 'Calling the unit: stay on the line until it has the facts.', left: 'You left the three-way call.',
  supervisor: 'Consult a supervisor', noSupervisor: 'no supervisor on duty', consult: 'Consult', consultTransfer: 'Hand the caller to them',
  consultReturn: 'Back to the caller', consulting: 'The caller is on hold and does not hear you.',
  consultDone: { transferred: 'The supervisor has the caller now.', returned: 'You are back with the caller.' },
  guestTitle: '12345 Hotline · Officials answer the public',
  guestWho: (g, d, c) => `Welcome, ${g.name}${g.title ? ' (' + g.title + ')' : ''}: calls about ${d} come to you first. Your coach ${c} sits beside you and can finish any form.`,
  officialPhone: 'Callback number left for the caller', coachedTitle: 'The official you coach',
  coachedOf: (g, st) => `${g.name}${g.title ? ' (' + g.title + ')' : ''} at seat ${g.seat}: ${st}`,
  cDistrict: 'District chosen', cHistory: 'Earlier cases', coachForm: 'Write or correct their case',
  noCaseYet: 'No case yet: the call is not answered.', amending: id => `Correcting case ${id}: submit sends the corrected version.`,
  writingFor: n => `Writing the case for ${n}.`, amended: id => `Case ${id} corrected.`
} : {
  title: '12345 热线 · 坐席工作台', ready: '就绪 (Alt+R)', pause: '小休 (Alt+P)',
  offDuty: '离开坐席', signOut: '退出登录', other: 'English', dutyTitle: '在坐席上岗',
  seat: '坐席', onDuty: '上岗', ringing: '来电振铃中', pop: '来电信息',
  number: '号码', name: '姓名', line: '线路', queue: '队列', wait: '等待', lastAgent: '上次接听',
  history: '历史工单（未办结优先）', cols: ['工单号', '状态', '类别', '办理时限', '创建时间'],
  repeat: '重复来电', open: n => `${n} 件未办结`, overdue: '已超期', s: '秒', withheld: '号码未显示',
  linkUp: '● 已连接', linkDown: '● 正在重连…', failed: '操作被拒绝：',
  coached: m => m === 'barge' ? '班长已加入通话' : '班长正在指导您',
  states: { available: '空闲', offered: '振铃', on_call: '通话中', wrap_up: '话后处理',
    paused: '暂停', logged_out: '未上岗' },
  handled: n => `今日已接 ${n} 通`, ivr: '按键', pressed: k => `按 ${k}`, priority: '优先', noHistory: '该号码没有历史工单。',
  caseTitle: '工单', requestType: '诉求类型', category: '诉求分类',
  byCategory: '— 按分类默认 —', search: '输入关键词搜索', location: '事发地点', district: '所属区', street: '街道/乡镇', urgency: '紧急程度',
  summary: '诉求内容', disposition: '办理方式', dispatch: '派单', direct: '直接办结',
  ownerType: '承办单位类型', answer: '答复内容', submit: '提交工单 (Alt+S)', choose: '— 请选择 —',
  coUnits: '协办单位', coUnitsHint: '街乡吹哨、部门报到：上面的承办单位主办，按住 Ctrl 可多选向其报到的部门',
  noMatch: '没有匹配的分类', limit: (t, d) => `办理时限 ${t}，预计 ${d} 前`, hours: h => `${h} 小时`,
  days: d => `${d} 天`, wrapLeft: t => `话后处理剩余 ${t}，提交工单即结束`,
  wrapOver: '话后处理时限已到：工单已标记为未完成，提交后即消除。',
  submitted: id => `工单 ${id} 已提交。`, fixErrors: '请修改标出的项目。',
  resolved: '属地：', ambiguous: '请选择：', unresolved: '无法识别：请选择区和街道',
  proposed: '拟派：',
  handover: '转接', toQueue: '转至队列', toAgent: '转至坐席（工号）', transfer: '转接',
  transferred: '已转接，工单记录中已注明。',
  callbacks: '回拨', cbCols: ['号码', '原因', '等待', '挂断时间', '已拨', '上次结果', '认领人', ''],
  reasons: { requested: '申请回拨', abandoned: '等待中挂断' },
  outcomes: { reached: '已接通', no_answer: '无人接听', busy: '占线', wrong_number: '号码错误', declined: '无需回拨', unreachable: '无法联系' },
  claim: '认领', dial: '拨打', noCallbacks: '暂无待回拨。', dialling: n => `正在回拨 ${n}：您的话机会先振铃。`,
  outcomeAsk: '回拨结果：', refresh: '刷新',
  unit: '三方通话', conference: '呼叫', leave: '退出（对方已了解情况）',
  calling: '正在呼叫该单位：请在对方了解情况前保持通话。', left: '您已退出三方通话。',
  supervisor: '咨询班长', noSupervisor: '暂无值班长在岗', consult: '咨询', consultTransfer: '转给班长', consultReturn: '回到来电人',
  consulting: '来电人正在等候，听不到您的咨询。',
  consultDone: { transferred: '来电人已转给班长。', returned: '您已回到来电人。' },
  guestTitle: '12345 热线 · 领导干部接听',
  guestWho: (g, d, c) => `${g.name}${g.title ? '（' + g.title + '）' : ''}，您好！${d}的来电将优先接入您的座席。辅导员 ${c} 在旁协助，可代为填写工单。`,
  officialPhone: '留给市民的回电号码', coachedTitle: '您辅导的领导',
  coachedOf: (g, st) => `${g.name}${g.title ? '（' + g.title + '）' : ''} · 座席 ${g.seat} · ${st}`,
  cDistrict: '来电选择的区', cHistory: '历史工单', coachForm: '代为填写/修正工单',
  noCaseYet: '尚无工单：来电未接通。', amending: id => `正在修正工单 ${id}：提交即发送修正后的版本。`,
  writingFor: n => `正在为 ${n} 填写工单。`, amended: id => `工单 ${id} 已修正。`
};
const $ = id => document.getElementById(id);
const text = (id, value) => { $(id).textContent = value == null ? '' : String(value); };
let me = null, config = null, status = null, socket = null, backoff = 500;
let catalogue = null, formCall = null, formCase = null, ringingSince = null, handledToday = null;
let dialling = null; // the callback this agent is calling: { callId }
let guest = null; // a visiting official's own session: { name, title, district, seat, coachName }
let coached = []; // the officials this agent coaches now
let coachedCall = null; // the official's call the coach follows: { callId, official }
let formAmend = null; // the case being corrected (a coach correcting the official's form)
let formFor = null; // the official a coach writes the form for

function csrf() {
  const c = document.cookie.split('; ').find(x => x.startsWith('XSRF-TOKEN='));
  return c ? decodeURIComponent(c.substring('XSRF-TOKEN='.length)) : '';
}
async function call(method, path, body) {
  const r = await fetch(path, {
    method, headers: body === undefined ? { 'X-XSRF-TOKEN': csrf() }
      : { 'content-type': 'application/json', 'X-XSRF-TOKEN': csrf() },
    body: body === undefined ? undefined : JSON.stringify(body)
  });
  if (r.status === 401) { toSignIn(); throw new Error('signed out'); }
  const json = r.headers.get('content-type')?.includes('json') ? await r.json() : {};
  if (r.status === 422 && json.fields) { const e = new Error('INVALID_FORM'); e.fields = json.fields; throw e; }
  if (!r.ok) { text('message', T.failed + (json.error || r.status)); throw new Error(json.error); }
  // an action that went through clears an old refusal; a background read leaves notices alone
  if (method !== 'GET') { text('message', ''); }
  return json;
}
function toSignIn() {
  location.assign('/signin/?next=' + encodeURIComponent(location.pathname + location.search)
    + (en ? '&lang=en' : ''));
}
function localName(n) { return n ? (en ? n.en : n.zh) : ''; }
// dates in the page's language, not the browser's: 12/14 17:10 reads the same to everyone on the floor
function when(iso) {
  return new Date(iso).toLocaleString(en ? 'en-GB' : 'zh-CN',
    { year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit' });
}

function labels() {
  document.title = T.title;
  text('title', T.title); text('ready', T.ready); text('pause', T.pause); text('off-duty', T.offDuty);
  text('sign-out', T.signOut); text('duty-title', T.dutyTitle); text('l-seat', T.seat);
  text('on-duty', T.onDuty); text('ringing-title', T.ringing); text('pop-title', T.pop);
  text('l-number', T.number); text('l-name', T.name); text('l-line', T.line); text('l-queue', T.queue);
  text('l-wait', T.wait); text('l-last-agent', T.lastAgent); text('history-title', T.history);
  text('no-history', T.noHistory); text('l-ivr', T.ivr); text('case-title', T.caseTitle);
  for (const f of ['requestType', 'category', 'location', 'district', 'street', 'urgency', 'summary',
    'disposition', 'dispatch', 'direct', 'ownerType', 'answer', 'coUnits']) { text('l-' + f, T[f]); }
  text('co-units-hint', T.coUnitsHint);
  text('submit', T.submit); $('category-search').placeholder = T.search; text('handover-title', T.handover); text('l-to-queue', T.toQueue);
  text('l-to-agent', T.toAgent); text('l-unit', T.unit); text('conference', T.conference);
  text('conference-leave', T.leave); text('l-supervisor', T.supervisor); text('consult', T.consult);
  text('consult-transfer', T.consultTransfer); text('consult-return', T.consultReturn); text('callbacks-title', T.callbacks); text('cb-refresh', T.refresh);
  text('cb-empty', T.noCallbacks); text('cb-ask', T.outcomeAsk);
  text('l-officialPhone', T.officialPhone); text('coached-title', T.coachedTitle);
  text('l-c-number', T.number); text('l-c-name', T.name); text('l-c-district', T.cDistrict);
  text('l-c-history', T.cHistory); text('coach-form', T.coachForm);
  $('cb-head').replaceChildren(...T.cbCols.map(c => { const th = document.createElement('th'); th.textContent = c; return th; })); text('transfer-queue', T.transfer); text('transfer-agent', T.transfer);
  $('history-head').replaceChildren(...T.cols.map(c => { const th = document.createElement('th'); th.textContent = c; return th; }));
  const params = new URLSearchParams(location.search);
  params.set('lang', en ? 'zh' : 'en');
  text('lang', T.other); $('lang').href = '?' + params.toString();
}

function render() {
  if (!status) { return; }
  const state = status.state;
  $('state').className = 'state ' + state;
  text('state', T.states[state] || state);
  text('who', me ? `${me.name} (${me.staffId})` + (status.seat ? ` @ ${status.seat}` : '') : '');
  const onDuty = state !== 'logged_out';
  $('duty').hidden = onDuty;
  $('ready').hidden = !(state === 'paused' || state === 'wrap_up');
  $('pause').hidden = $('reason').hidden = !(state === 'available' || state === 'wrap_up');
  $('off-duty').hidden = !onDuty || state === 'on_call' || state === 'offered';
  $('ringing').hidden = state !== 'offered';
  ringingSince = state === 'offered' ? (ringingSince || Date.now()) : null;
  text('handled', handledToday == null ? '' : T.handled(handledToday));
  $('wrap').hidden = state !== 'wrap_up';
  if (state === 'on_call' && $('handover').hidden) { loadSupervisors(); }
  $('handover').hidden = state !== 'on_call';
  if (state !== 'on_call') {
    $('conference-leave').hidden = true; text('conference-state', '');
    $('consult-transfer').hidden = $('consult-return').hidden = true; text('consult-state', '');
  }
  // the form stays until it is submitted: a wrap-up that ran out still owes its case
  if (formCall && status.call === formCall) { $('form-message').classList.remove('late'); }
  else if (formCall && !formCase && !formFor && !formAmend && state !== 'offered') { showLate(); }
  // callbacks are worked between calls, never while one rings or is being talked on
  const between = state === 'available' || state === 'paused' || state === 'wrap_up';
  // shown again (on duty, a call over): read the list now, not at the next 15 s refresh
  if (between && $('callbacks').hidden) { $('callbacks').hidden = false; loadCallbacks(); }
  $('callbacks').hidden = !between;
  if (!formCall && (state === 'available' || state === 'logged_out' || state === 'paused')) {
    $('pop').hidden = true;
  }
}
function showLate() {
  if (!$('case').hidden && !$('form-message').classList.contains('done')) {
    $('form-message').className = 'late'; text('form-message', T.wrapOver);
  }
}
function clock(secs) { return `${Math.floor(secs / 60)}:${String(secs % 60).padStart(2, '0')}`; }
setInterval(() => {
  if (status) {
    // the seat manager's "since" of a ringing seat is when it became free; the ring starts now
    const from = status.state === 'offered' && ringingSince ? ringingSince : Date.parse(status.since);
    // an agent never on duty has no start of their state (the seat manager says 1970): show none
    text('since', status.state === 'logged_out' && !(from > 0) ? '–'
      : clock(Math.max(0, Math.round((Date.now() - from) / 1000))));
    if (status.state === 'wrap_up' && status.wrapUpUntil) {
      text('wrap', T.wrapLeft(clock(Math.max(0, Math.round((Date.parse(status.wrapUpUntil) - Date.now()) / 1000)))));
    }
  }
}, 1000);

function showPop(pop) {
  const c = pop.call || {};
  text('number', c.callerNumber || T.withheld);
  text('name', c.callerName);
  text('line', c.line);
  const q = (config?.queues || []).find(x => x.id === c.queue);
  text('queue', q ? localName(q.name) : c.queue);
  text('wait', c.waitSeconds == null ? '' : c.waitSeconds + T.s);
  text('ivr', c.ivrChoice ? T.pressed(c.ivrChoice) : '');
  $('ivr').hidden = $('l-ivr').hidden = !c.ivrChoice;
  const h = pop.history || {};
  text('last-agent', h.lastAgent);
  const badges = [];
  if (c.priority > 0) { badges.push(T.priority); }
  if (h.repeatCaller) { badges.push(T.repeat); }
  if (h.openCount) { badges.push(T.open(h.openCount)); }
  $('badges').replaceChildren(...badges.map(b => { const s = document.createElement('span'); s.className = 'badge'; s.textContent = b; return s; }));
  const cases = [...(h.openCases || []), ...(h.lastCases || []).filter(x => !(h.openCases || []).some(o => o.caseId === x.caseId))];
  $('history').replaceChildren(...cases.map(k => {
    const tr = document.createElement('tr');
    if (k.overdue) { tr.className = 'overdue'; }
    for (const v of [k.caseId, (k.statusName ? localName(k.statusName) : k.status) + (k.overdue ? ' · ' + T.overdue : ''),
      k.categoryName ? localName(k.categoryName) : (k.category || ''),
      k.deadline ? when(k.deadline) : '', when(k.createdAt)]) {
      const td = document.createElement('td'); td.textContent = v; tr.append(td);
    }
    return tr;
  }));
  $('no-history').hidden = cases.length > 0 || pop.historyUnavailable === true;
  $('pop').hidden = false;
  if (c.callId && c.callId !== formCall) {
    openForm(c.callId);
    // the officials' line asked the caller which district: the form starts there
    if (c.district && catalogue.districts.some(d => d.id === c.district)) {
      $('district').value = c.district; fillStreets(c.district, ''); showProposed();
    }
  }
}

function connect() {
  const ws = new WebSocket((location.protocol === 'https:' ? 'wss://' : 'ws://') + location.host + '/api/desktop/events');
  socket = ws;
  ws.onopen = () => { backoff = 500; text('link', T.linkUp); $('link').className = 'link'; };
  ws.onmessage = ev => {
    const m = JSON.parse(ev.data);
    if (m.type === 'status') {
      status = m.status;
      if (m.handledToday != null) { handledToday = m.handledToday; }
      render();
    }
    else if (m.type === 'pop') { showPop(m); }
    else if (m.type === 'coachedPop') { showCoachedPop(m); }
    else if (m.type === 'coached') { loadCoached(); }
    else if (m.type === 'event' && m.event.kind === 'coached') {
      // a supervisor whispering (when the centre says so) or barging in: never a silent listen
      $('supervised').hidden = !m.event.on;
      text('supervised', m.event.on ? T.coached(m.event.mode) : '');
    }
    else if (m.type === 'event') { ws.send(JSON.stringify({ type: 'status' })); }
  };
  ws.onclose = ev => {
    text('link', T.linkDown); $('link').className = 'link down';
    if (ev.code === 4401) { toSignIn(); return; }
    // a network blip or a gateway restart: come back, and read the true state again
    setTimeout(() => fetch('/api/session').then(r => r.status === 401 ? toSignIn() : connect()),
      backoff);
    backoff = Math.min(backoff * 2, 10000);
  };
}

async function start() {
  labels();
  const r = await fetch('/api/session');
  if (r.status === 401) { toSignIn(); return; }
  me = await r.json();
  config = await call('GET', '/api/desktop/config');
  if ((me.roles || []).includes('official')) {
    guest = await call('GET', '/api/guests/me').catch(() => null);
  }
  if (guest) {
    // a visiting official: their own seat only, the simple form, their coach beside them
    document.body.classList.add('official');
    config.seats = config.seats.filter(s => s.id === guest.seat);
    T.title = T.guestTitle;
    labels();
  }
  $('seat').replaceChildren(...config.seats.map(s => { const o = document.createElement('option'); o.value = s.id; o.textContent = s.id; return o; }));
  const wanted = new URLSearchParams(location.search).get('seat');
  if (wanted) { $('seat').value = wanted; }
  const units = await call('GET', '/api/directory').catch(() => ({ units: [] }));
  $('unit').replaceChildren(...units.units.map(u => option(u.id, `${localName(u.name)} ${u.number}`)));
  $('to-queue').replaceChildren(...config.queues.map(q => option(q.id, localName(q.name))));
  $('reason').replaceChildren(...config.pauseReasons.map(p => { const o = document.createElement('option'); o.value = p.code; o.textContent = localName(p.name); return o; }));
  catalogue = await call('GET', '/api/cases/catalogue');
  fillCatalogue();
  if (guest) {
    const d = catalogue.districts.find(x => x.id === guest.district);
    text('guest-who', T.guestWho(guest, d ? localName(d.name) : guest.district, guest.coachName || guest.coach));
    $('guest').hidden = false;
  }
  if ((me.roles || []).some(x => x === 'agent' || x === 'supervisor')) {
    loadCoached();
    setInterval(loadCoached, 30000);
  }
  status = await call('GET', `/api/agents/${encodeURIComponent(me.staffId)}`);
  outcomeButtons();
  render();
  loadCallbacks();
  connect();
}

const act = (path, body) => call('POST', `/api/agents/${encodeURIComponent(me.staffId)}/${path}`, body)
  .then(() => socket && socket.readyState === 1 && socket.send(JSON.stringify({ type: 'status' })))
  .catch(() => {});
async function transfer(body) {
  if (!status || status.state !== 'on_call' || !status.call) { return; }
  try {
    await call('POST', `/api/calls/${encodeURIComponent(status.call)}/transfer`, body);
    text('message', T.transferred);
  } catch (e) { /* the refusal is on the message line */ }
}
$('conference').onclick = async () => {
  if (!status || status.state !== 'on_call' || !status.call) { return; }
  try {
    await call('POST', `/api/calls/${encodeURIComponent(status.call)}/conference`, { unit: $('unit').value });
    text('conference-state', T.calling);
    $('conference-leave').hidden = false;
  } catch (e) { /* the refusal is on the message line */ }
};
$('conference-leave').onclick = async () => {
  if (!status || !status.call) { return; }
  try {
    await call('POST', `/api/calls/${encodeURIComponent(status.call)}/conference/leave`);
    text('conference-state', ''); text('message', T.left);
    $('conference-leave').hidden = true;
  } catch (e) { /* the refusal (e.g. the unit not there yet) is on the message line */ }
};
// who can be consulted now: the supervisors on duty, free ones first (the server's list)
async function loadSupervisors() {
  const r = await call('GET', '/api/desktop/supervisors').catch(() => ({ supervisors: [] }));
  $('supervisor').replaceChildren(...(r.supervisors.length
    ? r.supervisors.filter(p => !me || p.staffId !== me.staffId).map(p =>
      option(p.staffId, `${p.name} · ${p.seat} · ${T.states[p.state] || p.state}`))
    : [option('', T.noSupervisor)]));
}
$('supervisor').onfocus = loadSupervisors;
$('consult').onclick = async () => {
  const who = $('supervisor').value;
  if (!who || !status || status.state !== 'on_call' || !status.call) { return; }
  try {
    await call('POST', `/api/calls/${encodeURIComponent(status.call)}/consult`, { agent: who });
    text('consult-state', T.consulting);
    $('consult-transfer').hidden = $('consult-return').hidden = false;
  } catch (e) { /* the refusal (not a supervisor, not free) is on the message line */ }
};
async function endConsult(how) {
  if (!status || !status.call) { return; }
  try {
    const r = await call('POST', `/api/calls/${encodeURIComponent(status.call)}/consult/${how}`);
    text('consult-state', ''); text('message', T.consultDone[r.state] || '');
    $('consult-transfer').hidden = $('consult-return').hidden = true;
  } catch (e) { /* e.g. the supervisor has not picked up yet: on the message line */ }
}
$('consult-transfer').onclick = () => endConsult('transfer');
$('consult-return').onclick = () => endConsult('return');
$('transfer-queue').onclick = () => transfer({ queue: $('to-queue').value });
$('transfer-agent').onclick = () => $('to-agent').value.trim() && transfer({ agent: $('to-agent').value.trim() });
$('on-duty').onclick = () => act('login', { seat: $('seat').value });
$('ready').onclick = () => act('ready');
$('pause').onclick = () => act('pause', { reason: $('reason').value });
$('off-duty').onclick = () => act('logout');
$('sign-out').onclick = () => call('DELETE', '/api/session').finally(toSignIn);
document.addEventListener('keydown', e => {
  if (!e.altKey) { return; }
  if (e.key === 'r' && !$('ready').hidden) { $('ready').click(); }
  if (e.key === 'p' && !$('pause').hidden) { $('pause').click(); }
  if (e.key === 's' && !$('case').hidden) { e.preventDefault(); $('case-form').requestSubmit(); }
});
// ---- the case form: every choice comes from the server's catalogue, every verdict from its
// validation; the page only helps to fill it in ----
const option = (value, label) => { const o = document.createElement('option'); o.value = value; o.textContent = label; return o; };
let leaves = [];
function fillCatalogue() {
  $('requestType').replaceChildren(option('', T.choose), ...catalogue.requestTypes.map(t => option(t.code, localName(t.name))));
  $('urgency').replaceChildren(option('', T.byCategory), ...catalogue.urgencies.map(u => option(u.code, localName(u.name))));
  $('ownerType').replaceChildren(option('', T.choose), ...Object.entries(catalogue.ownerTypes).map(([code, n]) => option(code, localName(n))));
  $('coUnits').replaceChildren(...Object.entries(catalogue.ownerTypes).map(([code, n]) => option(code, localName(n))));
  $('district').replaceChildren(option('', T.choose), ...catalogue.districts.map(d => option(d.id, localName(d.name))));
  leaves = catalogue.categories.flatMap(g => g.leaves.map(l => ({ ...l, group: g })));
}
function fillStreets(districtId, streetId) {
  const d = catalogue.districts.find(x => x.id === districtId);
  $('street').replaceChildren(option('', T.choose), ...((d && d.streets) || []).map(s => option(s.id, localName(s.name))));
  $('street').value = streetId || '';
}
function openForm(callId, caseId, forOfficial) {
  formCall = callId;
  formCase = caseId || null;
  formFor = forOfficial || null;
  formAmend = null;
  $('case-form').reset();
  $('category').value = ''; text('category-chosen', ''); text('jurisdiction', '');
  $('category-list').hidden = true; $('location-candidates').hidden = true;
  $('district').value = ''; fillStreets('', '');
  $('form-message').className = ''; text('form-message', '');
  clearErrors(); dispositionChanged(); showDeadline(); showProposed();
  // an official leaves a number the caller can reach them on; so does their coach's form for them
  $('official-phone-field').hidden = !(guest || formFor);
  $('case').hidden = false;
}
function closeForm(message) {
  formCall = null;
  formCase = null;
  formFor = null;
  formAmend = null;
  $('case').hidden = true;
  text('message', message);
  render();
}
function leafLabel(l) { return `${localName(l.group.name)} › ${localName(l.name)}`; }
function chooseCategory(l) {
  $('category').value = l.code;
  text('category-chosen', leafLabel(l));
  $('category-search').value = '';
  $('category-list').hidden = true;
  $('category-search').setAttribute('aria-expanded', 'false');
  $('urgency').value = l.urgency;
  $('ownerType').value = l.owner;
  showDeadline(); showProposed(); clearError('category');
}
function searchCategories() {
  const q = $('category-search').value.trim().toLowerCase();
  if (!q) { $('category-list').hidden = true; return; }
  const found = leaves.filter(l => [l.name.zh, l.name.en, l.group.name.zh, l.group.name.en, l.code]
    .some(x => x.toLowerCase().includes(q))).slice(0, 12);
  $('category-list').replaceChildren(...(found.length ? found.map((l, i) => {
    const li = document.createElement('li');
    li.setAttribute('role', 'option'); li.dataset.code = l.code; li.textContent = leafLabel(l);
    if (i === 0) { li.className = 'active'; }
    li.onmousedown = e => { e.preventDefault(); chooseCategory(l); };
    return li;
  }) : [Object.assign(document.createElement('li'), { textContent: T.noMatch, className: 'none' })]));
  $('category-list').hidden = false;
  $('category-search').setAttribute('aria-expanded', 'true');
}
$('category-search').oninput = searchCategories;
$('category-search').onkeydown = e => {
  const items = [...$('category-list').querySelectorAll('li[data-code]')];
  const at = items.findIndex(li => li.classList.contains('active'));
  if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
    e.preventDefault();
    if (!items.length) { return; }
    const next = (at + (e.key === 'ArrowDown' ? 1 : items.length - 1)) % items.length;
    items.forEach((li, i) => li.classList.toggle('active', i === next));
  } else if (e.key === 'Enter') {
    e.preventDefault();
    if (at >= 0) { chooseCategory(leaves.find(l => l.code === items[at].dataset.code)); }
  } else if (e.key === 'Escape') { $('category-list').hidden = true; }
};
function setJurisdiction(j) {
  $('district').value = j.district; fillStreets(j.district, j.street);
  text('jurisdiction', T.resolved + (en ? `${j.districtName.en}, ${j.streetName.en}` : j.label));
  $('location-candidates').hidden = true;
  showProposed(); clearError('location'); clearError('district'); clearError('street');
}
let locationTimer = null, locationAsked = 0;
$('location').oninput = () => {
  clearTimeout(locationTimer);
  locationTimer = setTimeout(async () => {
    const asked = ++locationAsked, place = $('location').value.trim();
    if (!place) { text('jurisdiction', ''); $('location-candidates').hidden = true; return; }
    const r = await call('GET', '/api/locations?text=' + encodeURIComponent(place)).catch(() => null);
    if (!r || asked !== locationAsked) { return; } // a later keystroke's answer wins
    if (r.candidates.length === 1) { setJurisdiction(r.candidates[0]); return; }
    text('jurisdiction', r.candidates.length ? T.ambiguous : T.unresolved);
    $('location-candidates').replaceChildren(...r.candidates.slice(0, 8).map(c => {
      const li = document.createElement('li'); const b = document.createElement('button');
      b.type = 'button'; b.textContent = en ? `${c.districtName.en}, ${c.streetName.en}` : c.label;
      b.onclick = () => setJurisdiction(c); li.append(b); return li;
    }));
    $('location-candidates').hidden = r.candidates.length === 0;
  }, 250);
};
$('district').onchange = () => { fillStreets($('district').value, ''); text('jurisdiction', ''); showProposed(); };
$('street').onchange = () => { text('jurisdiction', ''); showProposed(); };
function showDeadline() {
  const u = catalogue && catalogue.urgencies.find(x => x.code === $('urgency').value);
  if (!u) { text('deadline', ''); return; }
  const m = u.limitMinutes;
  const span = m >= 4320 && m % 1440 === 0 ? T.days(m / 1440) : T.hours(Math.round(m / 60));
  const due = new Date(Date.now() + m * 60000);
  text('deadline', T.limit(span, when(due.toISOString())));
}
$('urgency').onchange = () => { showDeadline(); clearError('urgency'); };
function showProposed() {
  const d = catalogue && catalogue.districts.find(x => x.id === $('district').value);
  const st = d && (d.streets || []).find(x => x.id === $('street').value);
  const owner = catalogue && catalogue.ownerTypes[$('ownerType').value];
  text('proposed', owner ? T.proposed + [d && localName(d.name), st && localName(st.name), localName(owner)].filter(Boolean).join(' · ') : '');
}
$('ownerType').onchange = showProposed;
function disposition() { return document.querySelector('input[name=disposition]:checked').value; }
function dispositionChanged() {
  const direct = disposition() === 'direct_answer';
  $('answer-field').hidden = !direct;
  $('dispatch-to').hidden = direct;
  $('co-units-field').hidden = direct;
}
document.querySelectorAll('input[name=disposition]').forEach(r => { r.onchange = dispositionChanged; });
function fieldBox(field) {
  return document.querySelector(`.field[data-field="${field}"]`)
    || document.querySelector(`[data-field="${field}"]`)?.closest('.field');
}
function clearError(field) {
  const box = fieldBox(field);
  if (!box) { return; }
  box.classList.remove('invalid');
  box.querySelectorAll(`.error`).forEach(e => { if ((e.dataset.field || box.dataset.field) === field) { e.textContent = ''; } });
}
function clearErrors() {
  document.querySelectorAll('.field').forEach(f => f.classList.remove('invalid'));
  document.querySelectorAll('.field .error').forEach(e => { e.textContent = ''; });
}
function showErrors(fields) {
  clearErrors();
  let first = null;
  for (const f of fields) {
    const box = fieldBox(f.field) || fieldBox('summary');
    box.classList.add('invalid');
    const slot = box.querySelector(`.error[data-field="${f.field}"]`) || box.querySelector('.error:not([data-field])');
    slot.textContent = (en ? f.messageEn : f.message) + (f.candidates && f.candidates.length
      ? ' ' + f.candidates.map(c => c.label).join('、') : '');
    first = first || box;
  }
  if (first) { first.querySelector('input:not([type=hidden]),select,textarea')?.focus(); }
  text('form-message', T.fixErrors);
}
function formBody() {
  const direct = disposition() === 'direct_answer';
  const summary = $('summary').value;
  const body = {
    requestType: $('requestType').value || null, category: $('category').value || null,
    location: $('location').value, district: $('district').value || null,
    street: $('street').value || null, urgency: $('urgency').value || null, summary,
    disposition: disposition(), agentId: me.staffId
  };
  if (direct) { body.answer = $('answer').value; } else {
    body.ownerType = $('ownerType').value || null;
    const co = [...$('coUnits').selectedOptions].map(o => o.value);
    if (co.length) { body.coUnits = co; }
  }
  const official = guest || formFor;
  if (official && $('officialPhone').value.trim()) {
    body.officialName = official.name + (official.title ? (en ? ` (${official.title})` : `（${official.title}）`) : '');
    body.officialPhone = $('officialPhone').value.trim();
  }
  return body;
}
$('case-form').onsubmit = async e => {
  e.preventDefault();
  if (!formCall) { return; }
  $('submit').disabled = true;
  try {
    // a callback's case exists already (made when the resident was reached): it is completed
    const amending = formAmend;
    const created = amending
      ? await call('POST', `/api/cases/${encodeURIComponent(amending)}/amend`, formBody())
      : formCase
        ? await call('POST', `/api/cases/${encodeURIComponent(formCase)}/complete`, formBody())
        : await call('POST', `/api/calls/${encodeURIComponent(formCall)}/case`, formBody());
    if (formCase) { await act('ready'); }
    $('form-message').className = 'done';
    closeForm(amending ? T.amended(created.caseId) : T.submitted(created.caseId));
    if (socket && socket.readyState === 1) { socket.send(JSON.stringify({ type: 'status' })); }
  } catch (err) {
    if (err.fields) { showErrors(err.fields); }
  } finally { $('submit').disabled = false; }
};
$('coUnits').onchange = () => clearError('coUnits');
['requestType', 'summary', 'answer'].forEach(id => { $(id).addEventListener('input', () => clearError(id)); $(id).addEventListener('change', () => clearError(id)); });

// ---- callbacks: claim one, call it (the seat rings first), say how it went ----
async function loadCallbacks() {
  if ($('callbacks').hidden) { return; }
  const r = await call('GET', '/api/callbacks').catch(() => null);
  if (!r) { return; }
  $('cb-empty').hidden = r.callbacks.length > 0;
  // a page reopened mid-callback finds it from the server: the seat paused for it, the claim ours
  const mine = r.callbacks.find(k => k.mine);
  if (!dialling && mine && status && status.state === 'paused' && status.reason === 'callback') {
    dialling = { callId: mine.callId };
    text('cb-dialling', T.dialling(mine.number));
    $('cb-outcome').hidden = false;
  }
  $('cb-list').replaceChildren(...r.callbacks.map(k => {
    const tr = document.createElement('tr');
    if (k.mine) { tr.className = 'mine'; }
    for (const v of [k.number, T.reasons[k.reason] || k.reason, k.waitedSeconds + T.s,
      when(k.leftAt), k.attempts, k.lastOutcome ? T.outcomes[k.lastOutcome] : '',
      k.claimedBy || '']) {
      const td = document.createElement('td'); td.textContent = v; tr.append(td);
    }
    const td = document.createElement('td');
    const b = document.createElement('button'); b.type = 'button';
    if (k.mine) {
      b.textContent = T.dial; b.className = 'dial';
      b.onclick = () => dialCallback(k);
    } else if (!k.claimedBy) {
      b.textContent = T.claim; b.className = 'claim';
      b.onclick = () => call('POST', `/api/callbacks/${encodeURIComponent(k.callId)}/claim`).then(loadCallbacks).catch(loadCallbacks);
    } else { b.hidden = true; }
    td.append(b); tr.append(td);
    tr.dataset.call = k.callId;
    return tr;
  }));
}
async function dialCallback(k) {
  try {
    await call('POST', `/api/callbacks/${encodeURIComponent(k.callId)}/dial`);
    dialling = { callId: k.callId };
    text('cb-dialling', T.dialling(k.number));
    $('cb-outcome').hidden = false;
    if (socket && socket.readyState === 1) { socket.send(JSON.stringify({ type: 'status' })); }
  } catch (e) { loadCallbacks(); }
}
function outcomeButtons() {
  $('cb-outcomes').replaceChildren(...['reached', 'no_answer', 'busy', 'wrong_number', 'declined'].map(o => {
    const b = document.createElement('button'); b.type = 'button'; b.dataset.outcome = o;
    b.textContent = T.outcomes[o];
    b.onclick = () => recordOutcome(o);
    return b;
  }));
}
async function recordOutcome(o) {
  if (!dialling) { return; }
  try {
    const r = await call('POST', `/api/callbacks/${encodeURIComponent(dialling.callId)}/outcome`, { outcome: o });
    dialling = null;
    $('cb-outcome').hidden = true;
    // a resident reached: their case is written like any call's
    if (r.caseId) { openForm(r.callbackCall, r.caseId); }
    if (socket && socket.readyState === 1) { socket.send(JSON.stringify({ type: 'status' })); }
  } finally { loadCallbacks(); }
}
$('cb-refresh').onclick = loadCallbacks;
setInterval(loadCallbacks, 15000);

start();

// ---- coaching a visiting official: follow their call, write or correct their case ----
async function loadCoached() {
  const r = await call('GET', '/api/guests/coached').catch(() => null);
  coached = r ? r.officials : [];
  $('coached').hidden = coached.length === 0;
  $('coached-list').replaceChildren(...coached.map(g => {
    const li = document.createElement('li');
    li.textContent = T.coachedOf(g, g.status ? (T.states[g.status.state] || g.status.state) : '');
    return li;
  }));
}
function showCoachedPop(pop) {
  const c = pop.call || {};
  const h = pop.history || {};
  coachedCall = { callId: c.callId, official: coached.find(g => g.staffId === pop.official) || coached[0] };
  text('c-number', c.callerNumber || T.withheld);
  text('c-name', c.callerName);
  const d = catalogue && catalogue.districts.find(x => x.id === c.district);
  text('c-district', d ? localName(d.name) : (c.district || ''));
  text('c-history', T.open(h.openCount || 0));
  text('coach-message', '');
  $('coached-call').hidden = false;
  loadCoached();
}
function fillFrom(content) {
  $('requestType').value = content.requestType;
  const leaf = leaves.find(l => l.code === content.category);
  if (leaf) { chooseCategory(leaf); }
  $('location').value = content.location || '';
  if (content.jurisdiction) { setJurisdiction(content.jurisdiction); }
  $('urgency').value = content.urgency;
  $('summary').value = content.summary;
  document.querySelectorAll('input[name=disposition]').forEach(r => { r.checked = r.value === content.disposition; });
  dispositionChanged();
  $('ownerType').value = content.ownerType || '';
  [...$('coUnits').options].forEach(o => { o.selected = (content.coUnits || []).includes(o.value); });
  $('answer').value = content.answer || '';
  $('officialPhone').value = content.official ? content.official.callbackNumber || '' : '';
  showDeadline(); showProposed();
}
$('coach-form').onclick = async () => {
  if (!coachedCall || !coachedCall.callId) { return; }
  const official = coachedCall.official;
  const r = await fetch(`/api/calls/${encodeURIComponent(coachedCall.callId)}/case`);
  if (r.status === 404) { text('coach-message', T.noCaseYet); return; }
  if (!r.ok) { text('coach-message', T.failed + r.status); return; }
  const k = await r.json();
  openForm(coachedCall.callId, null, official);
  if (k.status !== 'draft' && k.content) {
    formAmend = k.caseId;
    fillFrom(k.content);
    text('form-message', T.amending(k.caseId));
  } else {
    text('form-message', T.writingFor(official ? official.name : ''));
  }
};
