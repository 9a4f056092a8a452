// Guest sessions for visiting officials: create one (the code and its QR code are shown once),
// see them, end one, open a session's summary. Chinese by default; nothing from the server
// becomes markup except the QR image the server drew.
const en = new URLSearchParams(location.search).get('lang') === 'en';
const T = en ? {
  title: '12345 Hotline · Visiting officials', other: '中文', create: 'New guest session',
  name: 'Name', gtitle: 'Title', district: 'District', seat: 'Seat', coach: 'Coach (staff ID)',
  starts: 'From', ends: 'Until', go: 'Create', ticket: 'Sign-in for', codeShown: 'Code:',
  link: 'Link:', note: 'The code works once, only in its time. It is not shown again: print this page now.',
  print: 'Print', list: 'Sessions of the last month',
  head: ['Official', 'District', 'Seat', 'Coach', 'Time', 'State', ''],
  states: { coming: 'Not signed in', on: 'Signed in', over: 'Over' },
  end: 'End now', summary: 'Summary', failed: 'Refused: ', created: 'Created.'
} : {
  title: '12345 热线 · 领导干部接听', other: 'English', create: '新建接听安排',
  name: '姓名', gtitle: '职务', district: '所在区', seat: '座席', coach: '陪同辅导员（工号）',
  starts: '开始时间', ends: '结束时间', go: '创建', ticket: '签到凭证：', codeShown: '签到码：',
  link: '链接：', note: '签到码仅可使用一次，且只在接听时段内有效。此页关闭后不再显示，请现在打印。',
  print: '打印', list: '近一个月的接听安排',
  head: ['领导', '区', '座席', '辅导员', '时段', '状态', ''],
  states: { coming: '未签到', on: '已签到', over: '已结束' },
  end: '立即结束', summary: '接听小结', failed: '未成功：', created: '已创建。'
};
const $ = id => document.getElementById(id);
const text = (id, v) => { $(id).textContent = v == null ? '' : String(v); };
const option = (value, label) => { const o = document.createElement('option'); o.value = value; o.textContent = label; return o; };
const localName = n => n ? (en ? n.en : n.zh) : '';
let catalogue = null;
let supervisor = false; // managers read the sessions; only supervisors make or end them

function csrf() {
  const c = document.cookie.split('; ').find(x => x.startsWith('XSRF-TOKEN='));
  return c ? decodeURIComponent(c.substring('XSRF-TOKEN='.length)) : '';
}
async function call(method, path, body) {
  const r = await fetch(path, {
    method, headers: body === undefined ? { 'X-XSRF-TOKEN': csrf() } : { 'content-type': 'application/json', 'X-XSRF-TOKEN': csrf() },
    body: body === undefined ? undefined : JSON.stringify(body)
  });
  if (r.status === 401) { location.assign('/signin/?next=' + encodeURIComponent(location.pathname + location.search)); throw new Error('signed out'); }
  const json = r.headers.get('content-type')?.includes('json') ? await r.json() : {};
  if (!r.ok) { const e = new Error(json.error || String(r.status)); e.json = json; throw e; }
  return json;
}
function when(iso) { return new Date(iso).toLocaleString(en ? 'en-GB' : 'zh-CN', { month: 'numeric', day: 'numeric', hour: '2-digit', minute: '2-digit' }); }
function districtName(id) { return localName((catalogue?.districts || []).find(d => d.id === id)?.name) || id; }
function localInput(d) { const p = n => String(n).padStart(2, '0'); return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}T${p(d.getHours())}:${p(d.getMinutes())}`; }

function labels() {
  document.title = T.title; text('title', T.title); text('create-title', T.create);
  text('l-name', T.name); text('l-title', T.gtitle); text('l-district', T.district); text('l-seat', T.seat);
  text('l-coach', T.coach); text('l-starts', T.starts); text('l-ends', T.ends); text('create-go', T.go);
  text('l-code-shown', T.codeShown); text('l-link', T.link); text('ticket-note', T.note); text('print', T.print);
  text('list-title', T.list);
  $('head').replaceChildren(...T.head.map(h => { const th = document.createElement('th'); th.textContent = h; return th; }));
  text('lang', T.other);
  const params = new URLSearchParams(location.search); params.set('lang', en ? 'zh' : 'en');
  $('lang').href = '?' + params.toString();
}

async function load() {
  const all = await call('GET', '/api/guests');
  const now = Date.now();
  $('list').replaceChildren(...all.guests.map(g => {
    const tr = document.createElement('tr');
    const over = g.endedAt || Date.parse(g.endsAt) <= now;
    const state = over ? T.states.over : g.codeUsed ? T.states.on : T.states.coming;
    for (const v of [`${g.name}${g.title ? ' · ' + g.title : ''}`, districtName(g.district), g.seat, g.coach,
      `${when(g.startsAt)} – ${when(g.endsAt)}`, state]) {
      const td = document.createElement('td'); td.textContent = v; tr.append(td);
    }
    const td = document.createElement('td');
    const a = document.createElement('a');
    a.href = 'summary.html?guest=' + encodeURIComponent(g.guestId) + (en ? '&lang=en' : '');
    a.textContent = T.summary; a.className = 'summary'; td.append(a);
    if (!over && supervisor) {
      const b = document.createElement('button'); b.type = 'button'; b.className = 'end'; b.textContent = T.end;
      b.onclick = async () => { try { await call('POST', `/api/guests/${encodeURIComponent(g.guestId)}/end`); load(); } catch (e) { text('message', T.failed + e.message); } };
      td.append(' ', b);
    }
    tr.append(td);
    return tr;
  }));
}

$('create').onsubmit = async ev => {
  ev.preventDefault();
  document.querySelectorAll('.error').forEach(e => { e.textContent = ''; });
  text('message', '');
  try {
    const g = await call('POST', '/api/guests', {
      name: $('name').value, title: $('gtitle').value, district: $('district').value, seat: $('seat').value,
      coach: $('coach').value.trim(),
      startsAt: $('starts').value ? new Date($('starts').value).toISOString() : '',
      endsAt: $('ends').value ? new Date($('ends').value).toISOString() : ''
    });
    text('ticket-title', T.ticket);
    text('ticket-who', `${g.name}${g.title ? ' · ' + g.title : ''} · ${districtName(g.district)} · ${T.seat} ${g.seat} · ${when(g.startsAt)} – ${when(g.endsAt)}`);
    // the server drew this SVG from the link alone: no text of anyone's in it
    $('qr').innerHTML = g.qrSvg;
    text('code', g.code); text('link', g.link);
    $('ticket').hidden = false;
    text('message', T.created);
    load();
  } catch (e) {
    const field = e.json?.field;
    const box = field && document.querySelector(`[data-field="${field === 'coachId' ? 'coachId' : field}"] .error`);
    if (box) { box.textContent = e.json.message; } else { text('message', T.failed + (e.json?.message || e.message)); }
  }
};
$('print').onclick = () => window.print();

async function start() {
  labels();
  const r = await fetch('/api/session');
  if (r.status === 401) { location.assign('/signin/?next=' + encodeURIComponent(location.pathname + location.search)); return; }
  const me = await r.json();
  text('who', `${me.name} (${me.staffId})`);
  supervisor = (me.roles || []).includes('supervisor');
  $('create-box').hidden = !supervisor;
  catalogue = await call('GET', '/api/cases/catalogue');
  $('district').replaceChildren(...catalogue.districts.map(d => option(d.id, localName(d.name))));
  const config = await call('GET', '/api/desktop/config').catch(() => ({ seats: [] }));
  $('seat').replaceChildren(...config.seats.map(s => option(s.id, s.id)));
  if (config.seats.some(s => s.id === '036')) { $('seat').value = '036'; }
  const now = new Date(); now.setSeconds(0, 0);
  $('starts').value = localInput(now);
  $('ends').value = localInput(new Date(now.getTime() + 3 * 3600 * 1000));
  load();
}
start();
