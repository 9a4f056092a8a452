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
  states: { available: 'Available', offered: 'Ringing', on_call: 'On a call', wrap_up: 'Wrap-up',
    paused: 'Paused', logged_out: 'Off duty' }
} : {
  title: '12345 热线 · 坐席工作台', ready: '就绪 (Alt+R)', pause: '小休 (Alt+P)',
  offDuty: '离开坐席', signOut: '退出登录', other: 'English', dutyTitle: '在坐席上岗',
  seat: '坐席', onDuty: '上岗', ringing: '来电振铃中', pop: '来电信息',
  number: '号码', name: '姓名', line: '线路', queue: '队列', wait: '等待', lastAgent: '上次接听',
  history: '历史工单（未办结优先）', cols: ['工单号', '状态', '类别', '办理时限', '创建时间'],
  repeat: '重复来电', open: n => `${n} 件未办结`, overdue: '已超期', s: '秒', withheld: '号码未显示',
  linkUp: '● 已连接', linkDown: '● 正在重连…', failed: '操作被拒绝：',
  states: { available: '空闲', offered: '振铃', on_call: '通话中', wrap_up: '话后处理',
    paused: '暂停', logged_out: '未上岗' }
};
const $ = id => document.getElementById(id);
const text = (id, value) => { $(id).textContent = value == null ? '' : String(value); };
let me = null, config = null, status = null, socket = null, backoff = 500;

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
  if (!r.ok) { text('message', T.failed + (json.error || r.status)); throw new Error(json.error); }
  text('message', '');
  return json;
}
function toSignIn() {
  location.assign('/signin/?next=' + encodeURIComponent(location.pathname + location.search)
    + (en ? '&lang=en' : ''));
}
function localName(n) { return n ? (en ? n.en : n.zh) : ''; }

function labels() {
  document.title = T.title;
  text('title', T.title); text('ready', T.ready); text('pause', T.pause); text('off-duty', T.offDuty);
  text('sign-out', T.signOut); text('duty-title', T.dutyTitle); text('l-seat', T.seat);
  text('on-duty', T.onDuty); text('ringing-title', T.ringing); text('pop-title', T.pop);
  text('l-number', T.number); text('l-name', T.name); text('l-line', T.line); text('l-queue', T.queue);
  text('l-wait', T.wait); text('l-last-agent', T.lastAgent); text('history-title', T.history);
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
  if (state === 'available' || state === 'logged_out' || state === 'paused') {
    $('pop').hidden = true;
  }
}
setInterval(() => {
  if (status) {
    const secs = Math.max(0, Math.round((Date.now() - Date.parse(status.since)) / 1000));
    text('since', `${Math.floor(secs / 60)}:${String(secs % 60).padStart(2, '0')}`);
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
  const h = pop.history || {};
  text('last-agent', h.lastAgent);
  const badges = [];
  if (h.repeatCaller) { badges.push(T.repeat); }
  if (h.openCount) { badges.push(T.open(h.openCount)); }
  $('badges').replaceChildren(...badges.map(b => { const s = document.createElement('span'); s.className = 'badge'; s.textContent = b; return s; }));
  const cases = [...(h.openCases || []), ...(h.lastCases || []).filter(x => !(h.openCases || []).some(o => o.caseId === x.caseId))];
  $('history').replaceChildren(...cases.map(k => {
    const tr = document.createElement('tr');
    if (k.overdue) { tr.className = 'overdue'; }
    for (const v of [k.caseId, k.status + (k.overdue ? ' · ' + T.overdue : ''),
      k.categoryName ? localName(k.categoryName) : (k.category || ''),
      k.deadline ? new Date(k.deadline).toLocaleString() : '', new Date(k.createdAt).toLocaleString()]) {
      const td = document.createElement('td'); td.textContent = v; tr.append(td);
    }
    return tr;
  }));
  $('pop').hidden = false;
}

function connect() {
  const ws = new WebSocket((location.protocol === 'https:' ? 'wss://' : 'ws://') + location.host + '/api/desktop/events');
  socket = ws;
  ws.onopen = () => { backoff = 500; text('link', T.linkUp); $('link').className = 'link'; };
  ws.onmessage = ev => {
    const m = JSON.parse(ev.data);
    if (m.type === 'status') { status = m.status; render(); }
    else if (m.type === 'pop') { showPop(m); }
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
  $('seat').replaceChildren(...config.seats.map(s => { const o = document.createElement('option'); o.value = s.id; o.textContent = s.id; return o; }));
  const wanted = new URLSearchParams(location.search).get('seat');
  if (wanted) { $('seat').value = wanted; }
  $('reason').replaceChildren(...config.pauseReasons.map(p => { const o = document.createElement('option'); o.value = p.code; o.textContent = localName(p.name); return o; }));
  status = await call('GET', `/api/agents/${encodeURIComponent(me.staffId)}`);
  render();
  connect();
}

const act = (path, body) => call('POST', `/api/agents/${encodeURIComponent(me.staffId)}/${path}`, body)
  .then(() => socket && socket.readyState === 1 && socket.send(JSON.stringify({ type: 'status' })))
  .catch(() => {});
$('on-duty').onclick = () => act('login', { seat: $('seat').value });
$('ready').onclick = () => act('ready');
$('pause').onclick = () => act('pause', { reason: $('reason').value });
$('off-duty').onclick = () => act('logout');
$('sign-out').onclick = () => call('DELETE', '/api/session').finally(toSignIn);
document.addEventListener('keydown', e => {
  if (!e.altKey) { return; }
  if (e.key === 'r' && !$('ready').hidden) { $('ready').click(); }
  if (e.key === 'p' && !$('pause').hidden) { $('pause').click(); }
});
start();
