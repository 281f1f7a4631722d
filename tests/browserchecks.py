"""Checks that run inside a page in the browser tests, shared by test_browser_quality.py,
test_accessibility.py and test_presenter.py: control contrast read from computed styles, control
text in sentence case, the self-check states (a wrong answer, the answer shown, "Try again", the
right answer) driven across every quiz on a page, and reflow at 320 CSS px.

Each check returns a list of problems in words, naming the control; the tests add the page."""

from __future__ import annotations

import re

from course import coursedata


def has_quiz(page_md) -> bool:
    """A page with self-check questions (front matter quiz: {enabled: true})."""
    meta, _ = coursedata.split_front_matter(page_md.read_text(encoding="utf-8"))
    return bool((meta.get("quiz") or {}).get("enabled"))


QUIZ_PAGES = [p for p in coursedata.course_pages() if has_quiz(p)]

# An init script for a test's tab: no saved answers or settings from other tests (the browser
# profile is shared), cleared before the tab's first page runs its scripts and kept across the
# tab's later pages and reloads. One page load instead of conftest.fresh_goto's two.
CLEAN_START_JS = """(() => { try {
  if (!sessionStorage.getItem('course_test_started')) {
    localStorage.clear();
    sessionStorage.setItem('course_test_started', '1');
  }
} catch (e) {} })();"""

# Every visible control that carries text: buttons, links styled as buttons, text inputs, and a
# choice's label (a radio button or checkbox shows its name in its label). For each, the text
# colour and the background behind it, composited the way the browser paints them: from the
# control up through its ancestors, each background layer over the one below, each element's
# opacity applied to everything inside it, down to the first opaque background (or the white
# canvas). A background image or gradient on the way is reported, not guessed at.
# Disabled controls are left out (WCAG 1.4.3 exempts inactive components).
CONTROL_CONTRAST_JS = r"""
(args) => {
  const [least, scope] = args;
  const root = scope ? document.querySelector(scope) : document;
  const parse = (text) => {
    const m = text.match(/rgba?\(([^)]+)\)/);
    if (!m) return null;
    const p = m[1].split(/[ ,\/]+/).filter(Boolean).map(Number);
    return [p[0], p[1], p[2], p.length > 3 ? p[3] : 1];
  };
  // Premultiplied colours: a over b.
  const over = (a, b) => [0, 1, 2, 3].map(i => a[i] + b[i] * (1 - a[3]));
  const pre = (c) => [c[0] * c[3], c[1] * c[3], c[2] * c[3], c[3]];
  const times = (c, o) => c.map(v => v * o);
  const luminance = (c) => {
    const ch = c.slice(0, 3).map(v => { v = v / 255; return v <= 0.04045 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); });
    return 0.2126 * ch[0] + 0.7152 * ch[1] + 0.0722 * ch[2];
  };
  const ratio = (a, b) => { const x = luminance(a), y = luminance(b); return (Math.max(x, y) + 0.05) / (Math.min(x, y) + 0.05); };
  const name = (el) => {
    const text = (el.matches('input:not([type=checkbox]):not([type=radio]), textarea')
      ? (el.value || el.placeholder || el.getAttribute('aria-label') || el.name)
      : (el.innerText || el.getAttribute('aria-label') || el.title || '')).trim().replace(/\s+/g, ' ');
    const cls = typeof el.className === 'string' && el.className.trim() ? '.' + el.className.trim().split(/\s+/).join('.') : '';
    return el.tagName.toLowerCase() + (el.id ? '#' + el.id : '') + cls + ' "' + text.slice(0, 50) + '"';
  };
  const visible = (el) => {
    if (!el.getClientRects().length) return false;
    const r = el.getBoundingClientRect();
    if (r.width < 1 || r.height < 1) return false;
    for (let e = el; e; e = e.parentElement) {
      const s = getComputedStyle(e);
      if (s.visibility === 'hidden' || s.display === 'none' || Number(s.opacity) === 0) return false;
    }
    return true;
  };
  // The colour of a text pixel and of a background pixel beside it, as painted.
  const painted = (el) => {
    const chain = [];
    for (let e = el; e; e = e.parentElement) chain.push(e);
    const s = getComputedStyle(el);
    let text = pre(parse(s.color)), back = [0, 0, 0, 0], problem = null;
    for (const e of chain) {
      const cs = getComputedStyle(e);
      if (cs.backgroundImage && cs.backgroundImage !== 'none' && !problem) {
        problem = 'a background image on ' + e.tagName.toLowerCase() + (e.className ? '.' + String(e.className).split(/\s+/)[0] : '');
      }
      const bg = pre(parse(cs.backgroundColor) || [0, 0, 0, 0]);
      const o = Number(cs.opacity);
      if (e === el) {
        text = times(over(text, bg), o);
        back = times(bg, o);
      } else {
        text = times(over(text, bg), o);
        back = times(over(back, bg), o);
      }
    }
    const canvas = [255, 255, 255, 1];
    text = over(text, canvas);
    back = over(back, canvas);
    return { text: text.slice(0, 3).map(Math.round), back: back.slice(0, 3).map(Math.round), problem };
  };
  const selector = 'button, a.md-button, [role=button], input:not([type=hidden]), textarea, select, summary';
  const controls = [...(root.matches && root.matches(selector) ? [root] : []), ...root.querySelectorAll(selector)];
  const out = [];
  controls.forEach(el => {
    if (el.disabled || !visible(el)) return;
    let target = el;
    if (el.matches('input[type=checkbox], input[type=radio]')) {
      target = (el.id && document.querySelector('label[for="' + CSS.escape(el.id) + '"]')) || el.closest('label');
      if (!target || !visible(target)) return;
    }
    const hasText = target.matches('input, textarea, select') || (target.innerText || '').trim();
    if (!hasText) return;
    const p = painted(target);
    const r = ratio(p.text, p.back);
    if (p.problem) out.push({ control: name(el), ratio: null, text: p.text, back: p.back, problem: p.problem });
    else if (r < least) out.push({ control: name(el), ratio: Math.round(r * 100) / 100, text: p.text, back: p.back });
  });
  return out;
}
"""

LEAST_CONTRAST = 4.5


def settled(page) -> None:
    """Every transition finished. Text caught half-faded (a hovered button fades its colours in
    over 0.2 s; Material's header title fades in when the page scrolls) measures the wrong
    contrast on some runs and not others."""
    page.wait_for_function("() => document.getAnimations().every(a => a.playState !== 'running')")


def contrast_problems(page, when: str, scope: str | None = None, least: float = LEAST_CONTRAST) -> list[str]:
    """Every visible control on the page (or under the CSS selector `scope`) whose text is less
    than `least`:1 against what is painted behind it."""
    found = page.evaluate(CONTROL_CONTRAST_JS, [least, scope])
    problems = []
    for item in found:
        if item["ratio"] is None:
            problems.append(f"contrast {when}: {item['control']} cannot be measured ({item['problem']})")
        else:
            problems.append(
                f"contrast {when}: {item['control']} is {item['ratio']:.2f}:1, under {least}:1 "
                f"(text rgb{tuple(item['text'])} on rgb{tuple(item['back'])})")
    return problems


# Control text in sentence case: a word after the first may start with a capital only if it is
# a name (listed here) or an abbreviation in capitals. "Try Again" fails; "Go to decision 1",
# "Trainer view: off" and "Print or save this record" pass.
NAMES = {"England", "Wales", "Scotland", "Ireland", "Northern", "Kai", "Present", "Teams", "Zoom",
         "Page", "Down", "Up", "I"}
CONTROL_TEXT_JS = r"""
(scope) => {
  const root = scope ? document.querySelector(scope) : document;
  return Array.from(root.querySelectorAll('button, a.md-button, [role=button], input[type=submit], input[type=button]'))
    .filter(el => el.getClientRects().length && getComputedStyle(el).visibility !== 'hidden')
    .map(el => (el.innerText || el.value || '').trim().replace(/\s+/g, ' '))
    .filter(Boolean);
}
"""


def title_case_words(text: str) -> list[str]:
    """The words of a control's text, after its first, that are capitalised but not names."""
    words = re.findall(r"[A-Za-z][A-Za-z'’-]*", text)
    # A word after a colon or full stop starts a new phrase ("Trainer view: On" would still fail
    # on its own merits; "Not yet. Try again" is two sentences).
    starts = {0} | {i + 1 for i, w in enumerate(words) if re.search(re.escape(w) + r"\s*[:.!?]", text)}
    return [w for i, w in enumerate(words)
            if i not in starts and re.fullmatch(r"[A-Z][a-z'’-]+", w) and w not in NAMES]


def title_case_problems(page, when: str, scope: str | None = None) -> list[str]:
    problems = []
    for text in sorted(set(page.evaluate(CONTROL_TEXT_JS, scope))):
        words = title_case_words(text)
        if words:
            problems.append(f"control text {when}: {text!r} is not in sentence case ({', '.join(words)})")
    return problems


# The self-check states, for every quiz on the page at once: one call per state keeps a page of
# twenty questions cheap. The clicks are the elements' own (a label's click selects its option,
# as a pointer's does); the keyboard-only and pointer tests drive single questions with real
# input. Each step returns what went wrong, naming the quiz.
QUIZ_STEP_JS = r"""
async (step) => {
  const problems = [];
  const shown = (el) => !!el && el.getClientRects().length > 0 && getComputedStyle(el).visibility !== 'hidden';
  const label = (quiz, input) => quiz.querySelector('label[for="' + CSS.escape(input.id) + '"]');
  const quizzes = Array.from(document.querySelectorAll('div.quiz')).map(quiz => ({
    quiz, id: quiz.id,
    submit: quiz.querySelector('button[type=submit]'),
    blanks: Array.from(quiz.querySelectorAll('.quiz-blank-input')),
    options: Array.from(quiz.querySelectorAll('input[name=answer]')),
    content: quiz.querySelector('section.content'),
  }));
  quizzes.forEach(q => {
    q.wrong = q.options.filter(o => !o.hasAttribute('data-correct'));
    q.right = q.options.filter(o => o.hasAttribute('data-correct'));
  });
  // Act on every quiz first.
  quizzes.forEach(q => {
    q.acted = false;
    if (step === 'wrong') {
      if (!q.blanks.length && !q.wrong.length) return;  // no wrong answer to give
      if (q.blanks.length) q.blanks.forEach(b => { b.value = 'no such answer'; });
      else label(q.quiz, q.wrong[0]).click();
      q.submit.click();
    } else if (step === 'show') {
      const show = q.quiz.querySelector('.course-show-answer');
      if (!show) return;
      show.click();
    } else if (step === 'retry') {
      const retry = q.quiz.querySelector('.quiz-reset-button');
      if (!shown(retry)) return;
      retry.click();
    } else if (step === 'right') {
      q.blanks.forEach(b => { b.value = b.getAttribute('data-answer'); });
      q.right.forEach(o => { if (!o.checked) label(q.quiz, o).click(); });
      q.submit.click();
    }
    q.acted = true;
  });
  // course.js settles each quiz from a MutationObserver, whose callbacks run as microtasks
  // queued by the clicks above: this await runs after them (no timer involved).
  await Promise.resolve();
  quizzes.forEach(q => {
    if (!q.acted) return;
    const { quiz, id, submit, options, content, right, blanks } = q;
    if (step === 'wrong') {
      if (!blanks.length && quiz.querySelectorAll('.quiz-feedback-item.incorrect').length !== 1)
        problems.push(id + ': a wrong answer showed no incorrect feedback');
      if (shown(content)) problems.push(id + ': the explanation gave the answer away after a wrong try');
      if (right.some(o => !o.checked && o.parentElement.classList.contains('correct')))
        problems.push(id + ': a wrong try revealed a right option');
      if (quiz.querySelectorAll('.course-show-answer').length !== 1 || !shown(quiz.querySelector('.course-show-answer')))
        problems.push(id + ": no 'Show the answer' button after a wrong try");
      if (!shown(quiz.querySelector('.quiz-reset-button'))) problems.push(id + ": no 'Try again' button after a wrong try");
    } else if (step === 'show') {
      if (!shown(content)) problems.push(id + ": 'Show the answer' did not show the explanation");
      if (!right.every(o => o.parentElement.classList.contains('correct')))
        problems.push(id + ": 'Show the answer' did not mark every right option");
    } else if (step === 'retry') {
      if (options.some(o => o.checked)) problems.push(id + ": 'Try again' did not clear the answer");
      if (quiz.querySelector('.course-show-answer')) problems.push(id + ": 'Try again' left the 'Show the answer' button behind");
      if (!shown(submit)) problems.push(id + ": 'Try again' did not bring back Submit");
    } else if (step === 'right') {
      if (quiz.querySelectorAll('.quiz-feedback-item.correct').length < 1 || quiz.querySelectorAll('.quiz-feedback-item.incorrect').length)
        problems.push(id + ': the right answer did not show correct feedback');
      if (!shown(content)) problems.push(id + ': the right answer did not show the explanation');
    }
  });
  return problems;
}
"""

QUIZ_STATES = {
    "wrong": "after a wrong answer",
    "show": "after 'Show the answer'",
    "retry": "after 'Try again'",
    "right": "after the right answer",
}


def quiz_step(page, step: str) -> list[str]:
    return page.evaluate(QUIZ_STEP_JS, step)


# Reflow (WCAG 1.4.10): at 320 CSS px, the width of a 1280 px screen zoomed to 400%, nothing
# needs scrolling sideways except what the rule allows (tables and code, each in a scroll box of
# its own), and no text is cut off at the right or left edge.
REFLOW_JS = r"""
(scope) => {
  const root = scope ? document.querySelector(scope) : document.querySelector('.md-content__inner') || document.body;
  const width = document.documentElement.clientWidth;
  const out = [];
  if (document.documentElement.scrollWidth > width + 1)
    out.push('the page scrolls sideways: ' + document.documentElement.scrollWidth + ' px wide in a ' + width + ' px window');
  const scrollBox = (el) => {
    for (let e = el.parentElement; e && e !== document.body; e = e.parentElement) {
      const s = getComputedStyle(e);
      if (/(auto|scroll)/.test(s.overflowX) && e.scrollWidth > e.clientWidth) return e;
    }
    return null;
  };
  const clipped = (el) => {
    for (let e = el.parentElement; e && e !== document.body; e = e.parentElement) {
      const s = getComputedStyle(e);
      if (s.overflowX === 'hidden' || s.overflowX === 'clip') {
        const a = el.getBoundingClientRect(), b = e.getBoundingClientRect();
        if (a.right > b.right + 1 || a.left < b.left - 1) return e;
      }
    }
    return null;
  };
  root.querySelectorAll('p, li, h1, h2, h3, h4, label, button, a, input, td, th, dt, dd, summary, legend, .quiz-question')
    .forEach(el => {
      if (!el.getClientRects().length || getComputedStyle(el).visibility === 'hidden') return;
      if (el.closest('table, pre, .md-typeset__scrollwrap, .tabbed-labels')) {
        // Allowed to scroll in a box of its own; that box must not spill past the window.
        return;
      }
      const r = el.getBoundingClientRect();
      if (r.width === 0 || r.height === 0) return;
      const what = el.tagName.toLowerCase() + ' "' + (el.innerText || el.value || '').trim().slice(0, 50) + '"';
      if (r.right > width + 1 || r.left < -1) {
        if (!scrollBox(el)) out.push(what + ' runs off the window (' + Math.round(r.left) + ' to ' + Math.round(r.right) + ' px)');
      } else {
        const c = clipped(el);
        if (c) out.push(what + ' is cut off by ' + c.tagName.toLowerCase() + '.' + String(c.className).split(/\s+/)[0]);
      }
    });
  document.querySelectorAll('table, pre, .md-typeset__scrollwrap').forEach(box => {
    if (!box.getClientRects().length) return;
    const r = box.getBoundingClientRect();
    if (r.right > width + 1 && !scrollBox(box)) out.push(box.tagName.toLowerCase() + ' spills past the window');
  });
  return Array.from(new Set(out));
}
"""


def reflow_problems(page, when: str, scope: str | None = None) -> list[str]:
    return [f"reflow at {page.viewport_size['width']} px {when}: {p}" for p in page.evaluate(REFLOW_JS, scope)]


# Where keyboard focus is, and whether a sighted keyboard user can see it (WCAG 2.4.7 and
# 2.4.11): a focus indicator (outline or box shadow), inside the window, and not covered by
# the sticky header or anything else at its centre.
FOCUS_JS = r"""
() => {
  const el = document.activeElement;
  if (!el || el === document.body) return { what: 'nothing (focus fell to the page)', problems: ['focus was lost'] };
  const text = (el.innerText || el.value || el.getAttribute('aria-label') || '').trim().replace(/\s+/g, ' ').slice(0, 60);
  const quiz = el.closest('.quiz');
  const what = el.tagName.toLowerCase() + (el.id ? '#' + el.id : '') +
    (el.classList.length ? '.' + Array.from(el.classList).join('.') : '') + (text ? ' "' + text + '"' : '');
  const problems = [];
  // A control drawn by its label (Material's nation tabs are invisible radio buttons): the
  // label is what must show focus and be seen.
  const box = el.getBoundingClientRect();
  const label = el.id && document.querySelector('label[for="' + CSS.escape(el.id) + '"]');
  const shown = (box.width < 2 || box.height < 2 || getComputedStyle(el).opacity === '0') && label ? label : el;
  const s = getComputedStyle(shown);
  const ring = (s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) > 0) || s.boxShadow !== 'none';
  if (el.tabIndex >= 0 && !ring) problems.push('shows no focus indicator');
  const r = shown.getBoundingClientRect();
  // The part of it inside the window; WCAG 2.4.11 asks that it is not wholly hidden, so it is
  // covered only if the middle, top and bottom of that part all are.
  const top = Math.max(r.top, 0), bottom = Math.min(r.bottom, innerHeight);
  const left = Math.max(r.left, 0), right = Math.min(r.right, innerWidth);
  if (bottom <= top || right <= left) {
    problems.push('is outside the window (its top at ' + Math.round(r.top) + ' px in a ' + innerWidth + ' x ' + innerHeight + ' window)');
  } else {
    const x = (left + right) / 2;
    const hits = [(top + bottom) / 2, top + 1, bottom - 1].map(y => document.elementFromPoint(x, y));
    const mine = (hit) => !hit || hit === el || el.contains(hit) || (label && label.contains(hit)) || hit.contains(el);
    if (!hits.some(mine)) {
      const hit = hits[0];
      problems.push('is covered by ' + hit.tagName.toLowerCase() + (hit.className ? '.' + String(hit.className).split(/\s+/)[0] : '') +
        ' (its top at ' + Math.round(r.top) + ' px in a ' + innerWidth + ' x ' + innerHeight + ' window)');
    }
  }
  return { what, id: el.id, quiz: quiz ? quiz.id : null, tag: el.tagName, type: el.type || '',
           cls: Array.from(el.classList), text, href: el.href || '', problems };
}
"""


def focus(page) -> dict:
    return page.evaluate(FOCUS_JS)
