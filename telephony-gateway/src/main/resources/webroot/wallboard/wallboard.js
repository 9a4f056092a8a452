// The first live board. Text from the server (queue names, definitions) only ever reaches the
// page as textContent: never as markup.
const en = new URLSearchParams(location.search).get('lang') === 'en';
const T = en ? {
  title: '12345 Hotline · Live queues', other: '中文', otherHref: '?',
  cols: ['Queue', 'Waiting', 'Oldest wait', 'Available', 'Talking', 'Wrap-up', 'Paused', 'Offered', 'Answered', 'Abandoned', 'Service level', 'ASA', 'AHT'],
  floor: ['available', 'ringing', 'talking', 'wrap-up', 'paused'], s: 's', updated: 'updated',
  forbidden: 'The wallboard is for supervisors and managers.'
} : {
  title: '12345 热线 · 队列实时看板', other: 'English', otherHref: '?lang=en',
  cols: ['队列', '排队', '最长等待', '空闲', '通话', '话后', '暂停', '呼入', '接通', '放弃', '服务水平', '平均应答', '平均处理'],
  floor: ['空闲', '振铃', '通话', '话后', '暂停'], s: '秒', updated: '更新于',
  forbidden: '看板仅供班长和管理人员使用。'
};
document.getElementById('title').textContent = T.title;
document.title = T.title;
const lang = document.getElementById('lang');
lang.textContent = T.other; lang.href = T.otherHref;
const tips = [null, 'waiting', null, null, null, null, null, 'offered', 'answered', 'abandoned', 'serviceLevel', 'asa', 'aht'];
function fmtPct(v) { return v === undefined ? '–' : (100 * v).toFixed(1) + '%'; }
function cls(v, good, warn) { return v === undefined ? '' : v >= good ? 'good' : v >= warn ? 'warn' : 'bad'; }
function el(tag, text, className, title) {
  const e = document.createElement(tag);
  e.textContent = text;
  if (className) { e.className = className; }
  if (title) { e.title = title; }
  return e;
}
async function refresh() {
  const r = await fetch('/api/statistics');
  if (r.status === 401) {
    // no session (or it ended): sign in, then come back here
    location.assign('/signin/?next=' + encodeURIComponent(location.pathname + location.search)
      + (en ? '&lang=en' : ''));
    return;
  }
  if (r.status === 403) {
    document.getElementById('notes').textContent = T.forbidden;
    return;
  }
  const s = await r.json();
  const d = s.definitions;
  document.getElementById('head').replaceChildren(
    ...T.cols.map((c, i) => el('th', c, '', tips[i] && d[tips[i]] ? d[tips[i]] : '')));
  document.getElementById('rows').replaceChildren(...s.queues.map(q => {
    const a = q.agents || {};
    const name = q.name ? (en ? q.name.en : q.name.zh) : q.queue;
    const tr = document.createElement('tr');
    tr.append(
      el('td', name),
      el('td', String(q.waiting), q.waiting > 10 ? 'bad' : ''),
      el('td', q.oldestWaitSeconds + T.s,
        q.oldestWaitSeconds > 60 ? 'bad' : q.oldestWaitSeconds > 20 ? 'warn' : ''),
      el('td', String(a.available || 0)), el('td', String(a.on_call || 0)),
      el('td', String(a.wrap_up || 0)), el('td', String(a.paused || 0)),
      el('td', String(q.offered)), el('td', String(q.answered)), el('td', String(q.abandoned)),
      el('td', fmtPct(q.serviceLevel), cls(q.serviceLevel, 0.8, 0.7)),
      el('td', q.asaSeconds.toFixed(1) + T.s), el('td', q.ahtSeconds.toFixed(0) + T.s));
    return tr;
  }));
  const f = s.floor || {};
  const counts = [f.available, f.offered, f.on_call, f.wrap_up, f.paused].map(v => v || 0);
  document.getElementById('floor').replaceChildren(...counts.map((n, i) => {
    const span = el('span', T.floor[i] + ' ');
    span.append(el('b', String(n)));
    return span;
  }));
  document.getElementById('notes').textContent =
    Object.entries(d).map(([k, v]) => `${k}: ${v}`).join(' · ') + ` — ${T.updated} ${new Date(s.at).toLocaleTimeString()}`;
}
refresh(); setInterval(refresh, 2000);
