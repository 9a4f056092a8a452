// Return visits (回访) as agents' outbound tasks, when cases.yaml says returnVisits.mode: agent:
// take a due visit, call it (the seat rings first), then record the resident's answers with the
// survey's keys, or say nobody answered. Worked between calls, like callbacks; the section stays
// hidden when the exchange makes the visits itself. Uses desktop.js's $, call, text, when, en.
(() => {
  const V = en ? {
    title: 'Return visits', refresh: 'Refresh',
    cols: ['Case', 'Number', 'Resolved', 'Due', 'Tries', 'Last', 'Held by', ''],
    take: 'Take', call: 'Call', none: 'No return visit due.',
    calling: n => `Calling ${n}: your phone rings first. Ask, then record the answers.`,
    satisfaction: 'Satisfaction:', resolved: 'Problem solved?',
    sat: { 1: '1 Satisfied', 2: '2 Basically satisfied', 3: '3 Not satisfied' },
    res: { 1: '1 Resolved', 2: '2 Not resolved' }, save: 'Record the answers',
    outcomes: { answered: 'Answered', no_answer: 'No answer', busy: 'Busy', failed: 'Call failed',
      incomplete: 'Hung up' },
    done: (id, s) => `Case ${id}: ${s === 'closed' ? 'closed' : 'reopened and re-dispatched'}.`
  } : {
    title: '回访', refresh: '刷新',
    cols: ['工单号', '号码', '办结时间', '应回访', '已拨', '上次结果', '认领人', ''],
    take: '认领', call: '拨打', none: '暂无到期回访。',
    calling: n => `正在回访 ${n}：您的话机会先振铃。请询问后记录结果。`,
    satisfaction: '满意度：', resolved: '是否解决：',
    sat: { 1: '1 满意', 2: '2 基本满意', 3: '3 不满意' },
    res: { 1: '1 已解决', 2: '2 未解决' }, save: '记录回访结果',
    outcomes: { answered: '已回访', no_answer: '无人接听', busy: '占线', failed: '呼叫失败',
      incomplete: '中途挂断' },
    done: (id, s) => `工单 ${id}：${s === 'closed' ? '已关闭' : '已重启并重新派单'}。`
  };
  let visiting = null; // the visit this agent is calling: { caseId }
  const chosen = { satisfaction: 0, resolved: 0 };

  text('visits-title', V.title); text('rv-refresh', V.refresh); text('rv-empty', V.none);
  text('rv-l-sat', V.satisfaction); text('rv-l-res', V.resolved); text('rv-save', V.save);
  $('rv-head').replaceChildren(...V.cols.map(c => {
    const th = document.createElement('th'); th.textContent = c; return th;
  }));
  const keys = (id, field, labels) => $(id).replaceChildren(...Object.keys(labels).map(k => {
    const b = document.createElement('button'); b.type = 'button'; b.dataset.key = k;
    b.textContent = labels[k];
    b.onclick = () => {
      chosen[field] = Number(k);
      [...$(id).children].forEach(x => x.classList.toggle('picked', x === b));
      $('rv-save').disabled = !(chosen.satisfaction && chosen.resolved);
    };
    return b;
  }));
  keys('rv-sat', 'satisfaction', V.sat);
  keys('rv-res', 'resolved', V.res);
  $('rv-outcomes').replaceChildren(...['no_answer', 'busy'].map(o => {
    const b = document.createElement('button'); b.type = 'button'; b.dataset.outcome = o;
    b.textContent = V.outcomes[o];
    b.onclick = () => settle(`/outcome`, { outcome: o });
    return b;
  }));
  $('rv-save').onclick = () => settle('/answers', { ...chosen });

  function survey(v) {
    visiting = { caseId: v.caseId };
    chosen.satisfaction = chosen.resolved = 0;
    document.querySelectorAll('#rv-survey .picked').forEach(x => x.classList.remove('picked'));
    $('rv-save').disabled = true;
    text('rv-calling', V.calling(v.number));
    $('rv-survey').hidden = false;
  }

  async function load() {
    // between calls only, as callbacks are (desktop.js shows and hides that section)
    if ($('callbacks').hidden) { $('visits').hidden = true; return; }
    const r = await call('GET', '/api/visits').catch(() => null);
    if (!r || r.mode !== 'agent') { $('visits').hidden = true; return; }
    $('visits').hidden = false;
    $('rv-empty').hidden = r.visits.length > 0;
    const mine = r.visits.find(v => v.mine);
    if (!visiting && mine && status && status.state === 'paused' && status.reason === 'callback') {
      survey(mine); // a page reopened mid-visit finds it from the server
    }
    $('rv-list').replaceChildren(...r.visits.map(v => {
      const tr = document.createElement('tr');
      if (v.mine) { tr.className = 'mine'; }
      for (const x of [v.caseId, v.number, when(v.resolvedAt), when(v.dueAt), v.attempts,
        v.lastOutcome ? (V.outcomes[v.lastOutcome] || v.lastOutcome) : '', v.claimedBy || '']) {
        const td = document.createElement('td'); td.textContent = x; tr.append(td);
      }
      const td = document.createElement('td');
      const b = document.createElement('button'); b.type = 'button';
      if (v.mine) {
        b.textContent = V.call; b.className = 'dial';
        b.onclick = () => dial(v);
      } else if (!v.claimedBy && new Date(v.dueAt) <= new Date()) {
        b.textContent = V.take; b.className = 'claim';
        b.onclick = () => call('POST', `/api/visits/${encodeURIComponent(v.caseId)}/claim`)
          .then(load).catch(load);
      } else { b.hidden = true; }
      td.append(b); tr.append(td);
      tr.dataset.case = v.caseId;
      return tr;
    }));
  }

  async function dial(v) {
    try {
      await call('POST', `/api/visits/${encodeURIComponent(v.caseId)}/dial`);
      survey(v);
      if (socket && socket.readyState === 1) { socket.send(JSON.stringify({ type: 'status' })); }
    } catch (e) { load(); }
  }

  async function settle(path, body) {
    if (!visiting) { return; }
    try {
      const r = await call('POST', `/api/visits/${encodeURIComponent(visiting.caseId)}${path}`, body);
      if (r.status) { text('message', V.done(r.caseId, r.status)); }
      visiting = null;
      $('rv-survey').hidden = true;
      if (socket && socket.readyState === 1) { socket.send(JSON.stringify({ type: 'status' })); }
    } finally { load(); }
  }

  $('rv-refresh').onclick = load;
  // shown again between calls: read the list at once, not at the next refresh
  let between = false;
  new MutationObserver(() => {
    const now = !$('callbacks').hidden;
    if (now !== between) { between = now; load(); }
  }).observe($('callbacks'), { attributes: true, attributeFilter: ['hidden'] });
  setInterval(load, 15000);
})();
