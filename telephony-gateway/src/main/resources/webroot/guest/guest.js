// A visiting official signs in with the one-time code of their guest session (typed, or in the
// link of the QR code: after '#', so it never reaches a server log). Chinese by default.
const en = new URLSearchParams(location.search).get('lang') === 'en';
const T = en ? {
  title: '12345 Hotline · Officials sign in', code: 'Sign-in code', go: 'Sign in at my seat',
  other: '中文', unavailable: 'The service is unavailable. Try again shortly.',
  CODE_UNKNOWN: 'This code is not known. Check it with the supervisor.',
  CODE_USED: 'This code has been used already. Ask the supervisor for a new session.',
  CODE_EARLY: 'Your session has not started yet.',
  CODE_EXPIRED: 'Your session is over.',
  throttled: 'Too many wrong codes. Try again later.'
} : {
  title: '12345 热线 · 领导干部接听签到', code: '签到码', go: '签到上岗',
  other: 'English', unavailable: '服务暂不可用，请稍后再试。',
  CODE_UNKNOWN: '签到码无效，请与值班长核对。',
  CODE_USED: '该签到码已使用，请联系值班长重新创建。',
  CODE_EARLY: '接听时段尚未开始。',
  CODE_EXPIRED: '接听时段已结束。',
  throttled: '错误次数过多，请稍后再试。'
};
const $ = id => document.getElementById(id);
document.title = T.title;
$('title').textContent = T.title;
$('l-code').textContent = T.code;
$('go').textContent = T.go;
$('lang').textContent = T.other;
const params = new URLSearchParams(location.search);
params.set('lang', en ? 'zh' : 'en');
$('lang').href = '?' + params.toString() + location.hash;
if (location.hash.length > 1) { $('code').value = decodeURIComponent(location.hash.substring(1)); }

function csrf() {
  const c = document.cookie.split('; ').find(x => x.startsWith('XSRF-TOKEN='));
  return c ? decodeURIComponent(c.substring('XSRF-TOKEN='.length)) : '';
}
function say(text) { $('message').textContent = text; }

$('signin').addEventListener('submit', async ev => {
  ev.preventDefault();
  say('');
  if (!csrf()) { await fetch('/api/session'); }
  const r = await fetch('/api/session/guest', {
    method: 'POST', headers: { 'content-type': 'application/json', 'X-XSRF-TOKEN': csrf() },
    body: JSON.stringify({ code: $('code').value.trim() })
  });
  const json = r.headers.get('content-type')?.includes('json') ? await r.json() : {};
  if (r.status === 200 && json.guest) {
    // the code is spent: keep it out of the history
    history.replaceState(null, '', location.pathname + location.search);
    location.assign('/desktop/?seat=' + encodeURIComponent(json.guest.seat) + (en ? '&lang=en' : ''));
  } else if (r.status === 429) {
    say(T.throttled);
  } else {
    say(T[json.error] || T.unavailable);
  }
});
