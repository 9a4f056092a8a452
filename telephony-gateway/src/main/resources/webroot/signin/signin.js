// Sign-in. Chinese by default, English with ?lang=en. Nothing from the server becomes markup.
const en = new URLSearchParams(location.search).get('lang') === 'en';
const T = en ? {
  title: '12345 Hotline · Sign in', user: 'Staff ID', pass: 'Password', go: 'Sign in',
  other: '中文', failed: 'Unknown user, wrong password, or account deactivated.',
  throttled: s => `Too many failed attempts. Try again in ${Math.ceil(s / 60)} min.`,
  mustChange: 'An administrator chose your password. Choose your own (at least 10 characters).',
  current: 'Current password', newPass: 'New password', change: 'Change password',
  unavailable: 'The service is unavailable. Try again shortly.', wrong: 'The current password is not right.'
} : {
  title: '12345 热线 · 登录', user: '工号', pass: '密码', go: '登录',
  other: 'English', failed: '工号或密码错误，或账号已停用。',
  throttled: s => `失败次数过多，请 ${Math.ceil(s / 60)} 分钟后再试。`,
  mustChange: '您的密码由管理员设置，请先设置自己的密码（至少10个字符）。',
  current: '当前密码', newPass: '新密码', change: '修改密码',
  unavailable: '服务暂不可用，请稍后再试。', wrong: '当前密码不正确。'
};
const $ = id => document.getElementById(id);
document.title = T.title;
$('title').textContent = T.title;
$('l-user').textContent = T.user;
$('l-pass').textContent = T.pass;
$('go').textContent = T.go;
$('l-current').textContent = T.current;
$('l-new').textContent = T.newPass;
$('change-go').textContent = T.change;
$('change-why').textContent = T.mustChange;
const params = new URLSearchParams(location.search);
$('lang').textContent = T.other;
params.set('lang', en ? 'zh' : 'en');
$('lang').href = '?' + params.toString();

// only a path on this site: never somewhere a link planted in ?next= points
function next() {
  const n = new URLSearchParams(location.search).get('next') || '/wallboard/';
  const target = n.startsWith('/') && !n.startsWith('//') && !n.includes('\\') ? n : '/wallboard/';
  return target + (en && !target.includes('lang=') ? (target.includes('?') ? '&' : '?') + 'lang=en' : '');
}
function csrf() {
  const c = document.cookie.split('; ').find(x => x.startsWith('XSRF-TOKEN='));
  return c ? decodeURIComponent(c.substring('XSRF-TOKEN='.length)) : '';
}
async function send(method, path, body) {
  if (!csrf()) { await fetch('/api/session'); }
  return fetch(path, {
    method, headers: { 'content-type': 'application/json', 'X-XSRF-TOKEN': csrf() },
    body: JSON.stringify(body)
  });
}
function say(text) { $('message').textContent = text; }

$('signin').addEventListener('submit', async ev => {
  ev.preventDefault();
  say('');
  const r = await send('POST', '/api/session',
    { username: $('username').value.trim(), password: $('password').value });
  if (r.status === 200) {
    const me = await r.json();
    if (me.mustChangePassword) {
      $('signin').hidden = true;
      $('change').hidden = false;
      $('current').value = $('password').value;
      $('new').focus();
    } else {
      location.assign(next());
    }
  } else if (r.status === 429) {
    say(T.throttled(Number(r.headers.get('Retry-After') || 60)));
  } else if (r.status === 401) {
    say(T.failed);
  } else {
    say(T.unavailable);
  }
});

$('change').addEventListener('submit', async ev => {
  ev.preventDefault();
  const r = await send('POST', '/api/session/password', { current: $('current').value, new: $('new').value });
  if (r.status === 204) {
    location.assign(next());
  } else if (r.status === 422) {
    const e = await r.json();
    say(e.message || T.mustChange);
  } else if (r.status === 403) {
    say(T.wrong);
  } else {
    say(T.unavailable);
  }
});
