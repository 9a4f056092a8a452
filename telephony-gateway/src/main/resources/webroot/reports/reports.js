// The report page: pick a report and its period, read it from /api/reports as JSON, show its
// definitions, charts and tables, download it as CSV, print it. Text from the server only ever
// becomes textContent, never markup.
const en = new URLSearchParams(location.search).get('lang') === 'en';
const T = en ? {
  title: '12345 Hotline · Reports', other: '中文', otherHref: '?',
  report: 'Report', from: 'From', to: 'To', month: 'Month', district: 'District', show: 'Show',
  csv: 'Download CSV', print: 'Print', noData: 'no data', loading: 'Reading…',
  forbidden: 'Reports are for supervisors and managers.', failed: 'The report could not be read: ',
  offered: 'Offered', serviceLevel: 'Service level', calls: 'Calls', composite: 'Ranking score',
  reports: {
    'centre/intervals': '15-minute intervals per queue', 'centre/agents': 'Agents of the day',
    'centre/distributions': 'Distributions (hour, weekday, waits, hang-ups, IVR, repeat callers)',
    'city/rates': 'Districts and streets: the three rates and ranking', 'city/units': 'Units: response and resolution times',
    'city/classification': 'Street classification and focus list', 'city/review': 'A district’s monthly review (printable)',
    'city/hot': 'Hot issues (未诉先办)', 'city/weekly': 'The week’s hot list', 'city/livelihood': 'Livelihood index (七有五性)'
  }
} : {
  title: '12345 热线 · 报表', other: 'English', otherHref: '?lang=en',
  report: '报表', from: '从', to: '至', month: '月份', district: '区', show: '显示',
  csv: '下载 CSV', print: '打印', noData: '无数据', loading: '读取中…',
  forbidden: '报表仅供班长和管理人员使用。', failed: '报表读取失败：',
  offered: '呼入', serviceLevel: '服务水平', calls: '来电', composite: '排名得分',
  reports: {
    'centre/intervals': '各队列 15 分钟时段报表', 'centre/agents': '话务员日报',
    'centre/distributions': '分布（时段、星期、等待、挂机、语音导航、重复来电）',
    'city/rates': '各区、街乡三率及排名', 'city/units': '承办单位响应与办结时长',
    'city/classification': '街乡分类及重点关注名单', 'city/review': '区月度点评（可打印）',
    'city/hot': '热点问题（未诉先办）', 'city/weekly': '本周热点清单', 'city/livelihood': '七有五性民生指数'
  }
};
// column names as people read them; keys not listed show as they are
const COLS = en ? {} : {
  queueId: '队列', from: '开始', to: '结束', offered: '呼入', answered: '接通', answeredInServiceLevel: '阈值内接通',
  abandoned: '放弃', shortAbandoned: '短时放弃', dropped: '掉线', transferred: '转接', serviceLevel: '服务水平',
  abandonRate: '放弃率', averageSpeedOfAnswerSeconds: '平均应答(秒)', handled: '已处理', averageHandleTimeSeconds: '平均处理(秒)',
  longestWaitSeconds: '最长等待(秒)', agentId: '话务员', name: '名称', districtId: '区', streetId: '街乡', received: '受理',
  dispatched: '派单', overdue: '超期', 'rates.response': '响应率', 'rates.resolution': '解决率', 'rates.satisfaction': '满意率',
  composite: '得分', rank: '排名', rankInDistrict: '区内排名', category: '类别', categoryName: '类别', count: '数量',
  previousMonth: '上月', sameMonthLastYear: '去年同月', changeFromPreviousMonth: '环比', changeFromLastYear: '同比',
  streetClass: '分类', reason: '依据', population: '常住人口', reasons: '入选原因', open: '未办结', oldest: '最早',
  unit: '承办单位', responded: '已响应', resolved: '已办结', meanResponseHours: '平均响应(时)', medianResponseHours: '响应中位数(时)',
  meanResolutionHours: '平均办结(时)', medianResolutionHours: '办结中位数(时)', solvedWithin: '三日办结率', praise: '表扬',
  dimension: '维度', hour: '时', weekday: '星期', caller: '来电号码', calls: '来电', location: '地点', trend: '趋势'
};

// table titles, and columns that mean something else inside one table
const TITLES = en ? { queues: 'Thresholds' } : {
  queues: '各队列阈值', intervals: '各时段', totals: '合计', agents: '话务员', floor: '全体',
  districts: '各区', streets: '各街乡', city: '全市', focus: '重点关注', problems: '突出问题',
  topCategories: '热点类别', jumps: '骤增', callers: '高频来电', locations: '高频地点', units: '承办单位',
  all: '全部单位', rows: '明细', byHour: '按时段', byWeekday: '按星期', waitTimes: '等待时长',
  hangups: '挂机', ivrAndLines: '导航与线路', repeatCallers: '重复来电'
};
const IN_TABLE = {
  queues: en ? { serviceLevel: 'Service-level threshold (s)', shortAbandon: 'Short-abandon threshold (s)' }
    : { serviceLevel: '服务水平阈值(秒)', shortAbandon: '短时放弃阈值(秒)' }
};
const $ = id => document.getElementById(id);
let charts = [];

function el(tag, text, className) {
  const e = document.createElement(tag);
  if (text !== undefined && text !== null) { e.textContent = text; }
  if (className) { e.className = className; }
  return e;
}
function isName(v) { return v && typeof v === 'object' && !Array.isArray(v) && 'zh' in v && 'en' in v && Object.keys(v).length === 2; }
function isRate(v) { return v && typeof v === 'object' && 'numerator' in v && 'denominator' in v; }
function pct(v) { return (100 * v).toFixed(1) + '%'; }
/** One cell's text: names in the page's language, rates as a share with their counts. */
function show(v, key) {
  if (v === null || v === undefined) { return { text: T.noData, nodata: true }; }
  if (isName(v)) { return { text: en ? v.en : v.zh, text_: true }; }
  if (isRate(v)) { return v.value === null || v.value === undefined ? { text: T.noData, nodata: true } : { text: `${pct(v.value)} (${v.numerator}/${v.denominator})` }; }
  if (Array.isArray(v)) { return { text: v.map(x => show(x).text).join('、'), text_: true }; }
  if (typeof v === 'number') {
    if (/rate|Rate|serviceLevel|^change|share/.test(key || '') && Math.abs(v) <= 10) { return { text: pct(v) }; }
    return { text: Number.isInteger(v) ? String(v) : v.toFixed(2) };
  }
  return { text: String(v), text_: typeof v === 'string' };
}
/** A row object flattened one level (rates.response), names and rates kept whole. */
function flatten(o) {
  const out = {};
  for (const [k, v] of Object.entries(o)) {
    if (v && typeof v === 'object' && !Array.isArray(v) && !isName(v) && !isRate(v)) {
      for (const [k2, v2] of Object.entries(v)) {
        if (!(v2 && typeof v2 === 'object' && !Array.isArray(v2) && !isName(v2) && !isRate(v2))) { out[k + '.' + k2] = v2; }
      }
    } else { out[k] = v; }
  }
  return out;
}
function table(title, rows, key) {
  if (!rows.length) { return null; }
  const names = Object.assign({}, COLS, IN_TABLE[key] || {});
  const flat = rows.map(flatten);
  const keys = [...new Set(flat.flatMap(Object.keys))];
  const wrap = el('div', null, 'scroll');
  const t = el('table');
  const head = el('tr');
  keys.forEach(k => head.append(el('th', names[k] || k)));
  t.append(head);
  for (const r of flat) {
    const tr = el('tr');
    for (const k of keys) {
      const s = show(r[k], k);
      tr.append(el('td', s.text, (s.text_ ? 'text' : '') + (s.nodata ? ' nodata' : '')));
    }
    t.append(tr);
  }
  const box = el('div');
  box.append(el('h3', title), wrap);
  wrap.append(t);
  return box;
}

function render(kind, data) {
  charts.forEach(c => c.dispose()); charts = [];
  $('charts').replaceChildren(); $('tables').replaceChildren(); $('defs').replaceChildren();
  // definitions and rules first: every figure with how it is computed
  const defs = [];
  for (const [k, v] of Object.entries(data)) {
    if (/definition|Rule|rules/i.test(k)) {
      const list = Array.isArray(v) ? v : [v];
      for (const d of list) {
        if (isName(d)) { defs.push(en ? d.en : d.zh); }
        else if (d && typeof d === 'object') {
          const text = Object.values(d).filter(isName).map(n => en ? n.en : n.zh).join(' — ');
          if (text) { defs.push(text); }
        }
      }
    }
  }
  $('defs').replaceChildren(...defs.map(t => el('p', t)));
  for (const [k, v] of Object.entries(data)) {
    if (/definition|Rule|rules/i.test(k)) { continue; } // shown above as text
    if (Array.isArray(v) && v.length && typeof v[0] === 'object' && !isName(v[0])) {
      const t = table(TITLES[k] || COLS[k] || k, v, k);
      if (t) { $('tables').append(t); }
    } else if (v && typeof v === 'object' && !Array.isArray(v) && !isName(v) && !isRate(v) && ('received' in v || 'dispatched' in v || 'agentId' in v || 'answered' in v)) {
      const t = table(TITLES[k] || COLS[k] || k, [v], k);
      if (t) { $('tables').append(t); }
    } else if (v && typeof v === 'object' && !Array.isArray(v)) {
      // a report of reports (distributions): each part's tables
      for (const [k2, v2] of Object.entries(v)) {
        if (Array.isArray(v2) && v2.length && typeof v2[0] === 'object' && !isName(v2[0])) {
          const t = table((TITLES[k] || COLS[k] || k) + ' · ' + (TITLES[k2] || COLS[k2] || k2), v2, k2);
          if (t) { $('tables').append(t); }
        }
      }
    }
  }
  chartsFor(kind, data);
}

function chart(option) {
  const box = el('div', null, 'chart');
  $('charts').append(box);
  const c = echarts.init(box);
  c.setOption(Object.assign({ animation: false, tooltip: { trigger: 'axis' }, grid: { left: 50, right: 20, top: 40, bottom: 40 } }, option));
  charts.push(c);
}

function chartsFor(kind, data) {
  if (typeof echarts === 'undefined') { return; }
  if (kind === 'centre/intervals') {
    const by = new Map();
    for (const r of data.intervals) {
      const slot = r.from.substring(11, 16);
      const s = by.get(slot) || { offered: 0, answered: 0, inSl: 0, abandoned: 0 };
      s.offered += r.offered; s.answered += r.answered; s.inSl += r.answeredInServiceLevel; s.abandoned += r.abandoned;
      by.set(slot, s);
    }
    const slots = [...by.keys()];
    chart({ legend: { data: [T.offered, T.serviceLevel] }, xAxis: { type: 'category', data: slots },
      yAxis: [{ type: 'value', minInterval: 1 }, { type: 'value', min: 0, max: 1, axisLabel: { formatter: v => Math.round(v * 100) + '%' } }],
      series: [{ name: T.offered, type: 'bar', data: slots.map(s => by.get(s).offered) },
        { name: T.serviceLevel, type: 'line', yAxisIndex: 1, connectNulls: false,
          data: slots.map(s => { const x = by.get(s); const d = x.answered + x.abandoned; return d ? x.inSl / d : null; }) }] });
  } else if (kind === 'centre/distributions' && data.byHour) {
    const rows = data.byHour.hours;
    chart({ xAxis: { type: 'category', data: rows.map(r => String(r.hour)) }, yAxis: { type: 'value', minInterval: 1 },
      series: [{ name: T.offered, type: 'bar', data: rows.map(r => r.offered) }] });
  } else if (kind === 'city/rates') {
    const ranked = data.districts.filter(d => d.composite !== null && d.composite !== undefined);
    chart({ xAxis: { type: 'category', data: ranked.map(d => show(d.name).text), axisLabel: { rotate: 30 } },
      yAxis: { type: 'value', min: 0, max: 1 }, series: [{ name: T.composite, type: 'bar', data: ranked.map(d => d.composite) }] });
  } else if (kind === 'city/livelihood') {
    const dims = [...new Set(data.rows.map(r => r.dimension))];
    const names = Object.fromEntries(data.rows.map(r => [r.dimension, show(r.name).text]));
    chart({ xAxis: { type: 'category', data: dims.map(d => names[d]), axisLabel: { rotate: 30 } }, yAxis: { type: 'value', minInterval: 1 },
      series: [{ name: T.calls, type: 'bar', data: dims.map(d => data.rows.filter(r => r.dimension === d).reduce((n, r) => n + r.count, 0)) }] });
  }
}

function query(kind) {
  const p = new URLSearchParams();
  if (kind.startsWith('centre/')) {
    p.set('from', $('from').value);
    if (kind !== 'centre/agents') { p.set('to', $('to').value || $('from').value); }
  } else if (kind === 'city/weekly') {
    p.set('day', $('from').value);
  } else {
    p.set('month', $('month').value);
    if (kind === 'city/review') { p.set('district', $('district').value); }
  }
  return p;
}
function fields() {
  const kind = $('report').value;
  const centre = kind.startsWith('centre/');
  $('w-day').hidden = !(centre || kind === 'city/weekly');
  $('w-to').hidden = !centre || kind === 'centre/agents';
  $('w-month').hidden = centre || kind === 'city/weekly';
  $('w-district').hidden = kind !== 'city/review';
  const p = query(kind); p.set('format', 'csv');
  $('csv').href = `/api/reports/${kind}?${p}`;
}
async function load(ev) {
  if (ev) { ev.preventDefault(); }
  const kind = $('report').value;
  fields();
  $('heading').textContent = T.reports[kind];
  $('message').textContent = T.loading;
  const r = await fetch(`/api/reports/${kind}?${query(kind)}`);
  if (r.status === 401) { location.assign('/signin/?next=' + encodeURIComponent(location.pathname + location.search) + (en ? '&lang=en' : '')); return; }
  if (r.status === 403) { $('message').textContent = T.forbidden; return; }
  if (!r.ok) { const e = await r.json().catch(() => ({})); $('message').textContent = T.failed + (e.message || r.status); return; }
  $('message').textContent = '';
  render(kind, await r.json());
}

async function start() {
  document.title = T.title; $('title').textContent = T.title;
  $('lang').textContent = T.other; $('lang').href = T.otherHref;
  for (const [id, text] of [['l-report', T.report], ['l-from', T.from], ['l-to', T.to], ['l-month', T.month], ['l-district', T.district]]) { $(id).textContent = text; }
  $('show').textContent = T.show; $('csv').textContent = T.csv; $('print').textContent = T.print;
  $('report').replaceChildren(...Object.entries(T.reports).map(([k, v]) => { const o = el('option', v); o.value = k; return o; }));
  const wanted = new URLSearchParams(location.search).get('report');
  if (wanted && T.reports[wanted]) { $('report').value = wanted; }
  const today = new Date(Date.now() + 8 * 3600 * 1000).toISOString().substring(0, 10); // the centre's day (UTC+8)
  $('from').value = new URLSearchParams(location.search).get('from') || today;
  $('to').value = $('from').value;
  const last = new Date(today.substring(0, 7) + '-01T00:00:00Z'); last.setUTCMonth(last.getUTCMonth() - 1);
  $('month').value = new URLSearchParams(location.search).get('month') || last.toISOString().substring(0, 7);
  const cat = await fetch('/api/cases/catalogue').then(r => r.ok ? r.json() : { districts: [] }).catch(() => ({ districts: [] }));
  $('district').replaceChildren(...(cat.districts || []).map(d => { const o = el('option', show(d.name).text); o.value = d.id; return o; }));
  for (const id of ['report', 'from', 'to', 'month', 'district']) { $(id).addEventListener('change', fields); }
  $('pick').addEventListener('submit', load);
  $('print').addEventListener('click', () => window.print());
  fields();
  load();
}
start();
