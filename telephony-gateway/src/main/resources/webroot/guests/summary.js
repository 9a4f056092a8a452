// A guest session's summary, printable: read from the record each time it is opened, so the
// cases' statuses are those of today, weeks after the morning itself.
const en = new URLSearchParams(location.search).get('lang') === 'en';
const T = en ? {
  title: '12345 Hotline · Summary of a visiting official\'s session', other: '中文',
  calls: 'Calls taken', talk: 'Talk time', dispatched: 'Cases dispatched', direct: 'Answered on the call',
  categories: 'By category', catHead: ['Category', 'Cases'], cases: 'Cases and where they stand',
  caseHead: ['Case', 'Category', 'Place', 'Summary', 'Status', 'Deadline', 'Callback number'],
  overdue: 'overdue', asOf: 'Statuses as of ', print: 'Print', min: ' min', none: 'No cases.'
} : {
  title: '12345 热线 · 领导干部接听小结', other: 'English',
  calls: '接听来电', talk: '通话时长', dispatched: '派单工单', direct: '直接答复',
  categories: '诉求分类', catHead: ['分类', '件数'], cases: '工单及办理进展',
  caseHead: ['工单号', '分类', '地点', '诉求摘要', '状态', '办理时限', '留给市民的回电号码'],
  overdue: '已超期', asOf: '状态截至 ', print: '打印', min: ' 分钟', none: '无工单。'
};
const $ = id => document.getElementById(id);
const text = (id, v) => { $(id).textContent = v == null ? '' : String(v); };
const localName = n => n ? (en ? n.en : n.zh) : '';
function when(iso) { return iso ? new Date(iso).toLocaleString(en ? 'en-GB' : 'zh-CN', { year: 'numeric', month: 'numeric', day: 'numeric', hour: '2-digit', minute: '2-digit' }) : ''; }
function row(values, cls) {
  const tr = document.createElement('tr');
  if (cls) { tr.className = cls; }
  values.forEach(v => { const td = document.createElement('td'); td.textContent = v == null ? '' : String(v); tr.append(td); });
  return tr;
}
function head(id, titles) { $(id).replaceChildren(...titles.map(t => { const th = document.createElement('th'); th.textContent = t; return th; })); }

async function start() {
  document.title = T.title; text('title', T.title); text('print', T.print);
  text('categories-title', T.categories); text('cases-title', T.cases);
  head('categories-head', T.catHead); head('cases-head', T.caseHead);
  const params = new URLSearchParams(location.search);
  const guest = params.get('guest') || '';
  params.set('lang', en ? 'zh' : 'en'); $('lang').href = '?' + params.toString(); text('lang', T.other);
  const r = await fetch('/api/guests/' + encodeURIComponent(guest) + '/summary');
  if (r.status === 401) { location.assign('/signin/?next=' + encodeURIComponent(location.pathname + location.search)); return; }
  if (!r.ok) { text('message', (await r.json().catch(() => ({}))).message || r.status); return; }
  const s = await r.json();
  const catalogue = await fetch('/api/cases/catalogue').then(x => x.json()).catch(() => ({ categories: [], districts: [] }));
  const leaves = (catalogue.categories || []).flatMap(g => g.leaves || []);
  const category = code => localName(leaves.find(l => l.code === code)?.name) || code || '';
  const district = id => localName((catalogue.districts || []).find(d => d.id === id)?.name) || id || '';
  const street = (d, id) => {
    if (!id) { return ''; }
    const streets = (catalogue.districts || []).find(x => x.id === d)?.streets || [];
    const found = streets.find(x => x.id === id || x.id.split('.').pop() === id.split('.').pop());
    return found ? localName(found.name) : id.split('.').pop();
  };
  text('who', `${s.name}${s.title ? ' · ' + s.title : ''} · ${district(s.district)} · ${s.seat}`);
  text('when', `${when(s.startsAt)} – ${when(s.endsAt)}`);
  const figures = [[T.calls, s.calls], [T.talk, Math.round(s.talkSeconds / 60) + T.min], [T.dispatched, s.dispatched], [T.direct, s.answeredDirectly]];
  $('figures').replaceChildren(...figures.flatMap(([k, v]) => {
    const dt = document.createElement('dt'); dt.textContent = k;
    const dd = document.createElement('dd'); dd.textContent = v; dd.className = 'figure';
    return [dt, dd];
  }));
  $('categories').replaceChildren(...s.categories.map(c => row([category(c.category), c.cases])));
  $('cases').replaceChildren(...(s.cases.length ? s.cases.map(k => row([k.caseId, category(k.category),
    [district(k.district), street(k.district, k.street)].filter(Boolean).join(' '), k.summary,
    (k.statusName ? localName(k.statusName) : k.status) + (k.overdue ? ' · ' + T.overdue : ''),
    when(k.deadline), k.officialPhone], k.overdue ? 'overdue' : '')) : [row([T.none])]));
  text('as-of', T.asOf + when(s.at));
}
$('print').onclick = () => window.print();
start();
