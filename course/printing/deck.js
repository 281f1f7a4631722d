// Runs in the deck page (course/printing/slides.py passes it to page.evaluate): turns each page's
// article into slides, as presenter mode does (the title and then each H2; each question on its
// own), then splits any slide that overflows. Returns { slides, problems }.
(args) => {
  const [trainer, least, dslSections] = args;
  const deck = document.getElementById('deck');
  const make = (cls) => { const s = document.createElement('section'); s.className = 'md-typeset deck-slide ' + (cls || ''); return s; };
  const foot = (slide, text) => { const f = document.createElement('div'); f.className = 'deck-foot'; f.textContent = text; slide.appendChild(f); };
  document.querySelectorAll('template.deck-page').forEach(tpl => {
    const src = tpl.content.querySelector('.md-content__inner');
    const label = tpl.getAttribute('data-label');
    const marker = tpl;
    const out = [];
    if (!src) return;
    // Remove what a projected slide must not show.
    src.querySelectorAll('.headerlink, .md-content__button, .quiz-intro, .quiz-header-link, .course-review, ' +
      '.admonition.worried, .md-source-file, #quiz-results, #quiz-progress-sidebar, button, .course-session-pages, script, form button').forEach(n => n.remove());
    // The page's list of sources belongs on the page, not on a slide. A plan for all staff
    // leaves out the sections written for the DSL alone: headed "For the DSL: ..." or "As the
    // DSL: ...", or marked in Markdown with { data-audience="dsl" } on the heading.
    const dslOnly = h => dslSections === false &&
      (/^(For|As) the DSL\b/.test(h.textContent.trim()) || (h.dataset.audience || '').split(' ').includes('dsl'));
    src.querySelectorAll(':scope > h2').forEach(h => {
      if (h.id !== 'sources-used' && !dslOnly(h)) return;
      while (h.nextElementSibling && h.nextElementSibling.tagName !== 'H2') h.nextElementSibling.remove();
      h.remove();
    });
    // Nation tabs: every tab, each under its name.
    src.querySelectorAll('.tabbed-set').forEach(set => {
      const labels = Array.from(set.querySelectorAll('.tabbed-labels > label')).map(l => l.textContent.trim());
      const wrap = document.createElement('div');
      set.querySelectorAll('.tabbed-content > .tabbed-block').forEach((block, i) => {
        const h = document.createElement('p'); h.className = 'deck-tab-label deck-break'; h.textContent = labels[i] || '';
        wrap.appendChild(h);
        Array.from(block.children).forEach(c => wrap.appendChild(c));
      });
      set.replaceWith(...wrap.children);
    });
    // Questions: the question and its options; the trainer's copy marks the right ones.
    src.querySelectorAll('.quiz').forEach(quiz => {
      const div = document.createElement('div'); div.className = 'deck-quiz';
      const q = quiz.querySelector('.quiz-question'); if (q) div.appendChild(q);
      const ul = document.createElement('ul'); ul.className = 'quiz-options';
      quiz.querySelectorAll('input[name=answer]').forEach(input => {
        const li = document.createElement('li');
        const lab = quiz.querySelector('label[for="' + input.id + '"]');
        li.textContent = lab ? lab.textContent.trim() : '';
        if (trainer && input.hasAttribute('data-correct')) li.className = 'right';
        ul.appendChild(li);
      });
      div.appendChild(ul);
      if (trainer) { const ex = quiz.querySelector('section.content'); if (ex) { ex.classList.remove('hidden'); ex.classList.add('deck-notes-inline'); div.appendChild(ex); } }
      quiz.replaceWith(div);
    });
    // Model answers: on a slide of their own after the scenario; facilitator notes only in the trainer's copy.
    src.querySelectorAll('details').forEach(d => {
      if (d.classList.contains('facilitator') && !trainer) { d.remove(); return; }
      d.open = true;
      const box = document.createElement('div');
      box.className = 'admonition ' + d.className + ' deck-break' + (d.classList.contains('facilitator') ? ' deck-notes-block' : '');
      Array.from(d.childNodes).forEach(n => {
        if (n.tagName === 'SUMMARY') { const t = document.createElement('p'); t.className = 'admonition-title'; t.textContent = n.textContent; box.appendChild(t); }
        else box.appendChild(n);
      });
      d.replaceWith(box);
    });
    // Slides: the title, then each H2; each question, tab or model answer starts a slide.
    let slide = null, heading = '';
    Array.from(src.children).forEach(node => {
      const onlyHeadings = slide && Array.from(slide.children).every(c => /^H[1-6]$/.test(c.tagName));
      const starts = !slide || node.tagName === 'H2' || (slide.lastChild && slide.lastChild.classList && slide.lastChild.classList.contains('deck-quiz'))
        || ((node.classList.contains('deck-quiz') || node.classList.contains('deck-break')) && !onlyHeadings);
      if (node.tagName === 'H1' || node.tagName === 'H2') heading = node.textContent.trim();
      if (starts) {
        slide = make(node.classList.contains('deck-notes-block') ? 'deck-notes' : '');
        slide.dataset.heading = heading;
        out.push(slide);
        if (node.tagName !== 'H1' && node.tagName !== 'H2' && heading) {
          const h = document.createElement('h2'); h.textContent = heading; h.className = 'deck-repeat'; slide.appendChild(h);
        }
      }
      slide.appendChild(node);
    });
    out.forEach(s => { foot(s, label); marker.parentNode.insertBefore(s, marker); });
    marker.remove();
  });
  // Fit: split an overflowing slide at a block, or a long list, table or box at an item; shrink
  // what still cannot be split, never below the least size.
  const fits = s => s.scrollHeight <= s.clientHeight + 1;
  const movable = el => el.matches('table') ? Array.from(el.querySelectorAll(':scope > tbody > tr'))
    : Array.from(el.children).filter(c => !c.matches('.deck-foot, .admonition-title, .deck-repeat, h1, h2'));
  const shell = el => {
    const copy = el.cloneNode(false);
    let target = copy;
    if (el.matches('table')) {
      const thead = el.querySelector(':scope > thead'); if (thead) copy.appendChild(thead.cloneNode(true));
      target = document.createElement('tbody'); copy.appendChild(target);
    } else if (el.matches('section')) {
      const h = document.createElement('h2'); h.className = 'deck-repeat';
      h.textContent = (el.dataset.heading || '').replace(/ \(continued\)$/, '') + ' (continued)'; copy.appendChild(h);
    } else {
      const title = el.querySelector(':scope > .admonition-title');
      if (title) { const t = title.cloneNode(true); t.textContent = t.textContent.replace(/ \(continued\)$/, '') + ' (continued)'; copy.appendChild(t); }
    }
    return [copy, target];
  };
  const split = (el, s) => {
    const items = movable(el);
    if (items.length > 1) {
      const [copy, target] = shell(el);
      const moved = [];
      while (!fits(s) && items.length - moved.length > 1) { const it = items[items.length - 1 - moved.length]; moved.unshift(it); it.remove(); }
      if (!moved.length) return null;
      moved.forEach(m => target.appendChild(m));
      if (el.matches('ol')) copy.setAttribute('start', String(Number(el.getAttribute('start') || 1) + items.length - moved.length));
      return copy;
    }
    if (items.length === 1) {
      const inner = split(items[0], s);
      if (inner) { const [copy, target] = shell(el); target.appendChild(inner); return copy; }
    }
    return null;
  };
  // A slide left with nothing but its heading (a page's trailing empty block) is dropped.
  Array.from(deck.children).forEach(s => {
    const rest = Array.from(s.children).filter(c => !c.matches('h1, h2, .deck-foot'));
    if (s.classList.contains('deck-activity') || s.classList.contains('deck-title')) return;
    if (!rest.some(c => c.textContent.trim() || c.querySelector('img, svg') || c.matches('img, svg'))) s.remove();
  });
  // A heading left at the foot of a slide, with its text on the next, moves to the next slide
  // (under that slide's repeated section heading), when the next slide is the same page's.
  const content = s => Array.from(s.children).filter(c => !c.matches('.deck-foot'));
  const unorphan = (s) => {
    const kids = content(s), last = kids[kids.length - 1];
    if (kids.length < 2 || !last.matches('h2, h3, h4') || last.matches('.deck-repeat')) return;
    const next = s.nextElementSibling, foot = s.querySelector(':scope > .deck-foot');
    if (!next || next.matches('.deck-activity, .deck-title, .deck-notes') || !foot) return;
    const nextFoot = next.querySelector(':scope > .deck-foot');
    if (!nextFoot || nextFoot.textContent !== foot.textContent) return;
    const lead = next.firstElementChild;
    if (lead && lead.matches('.deck-repeat') && !last.matches('h2')) lead.after(last);
    else next.insertBefore(last, next.firstChild);
  };
  const problems = [];
  for (let i = 0, guard = 0; i < deck.children.length && guard < 10000; i++, guard++) {
    const s = deck.children[i];
    if (fits(s)) { unorphan(s); continue; }
    const foot = s.querySelector(':scope > .deck-foot');
    let next = null;
    const blocks = movable(s);
    if (blocks.length > 1) {
      next = split(s, s);
    } else if (blocks.length === 1) {
      const tail = split(blocks[0], s);
      if (tail) { [next] = shell(s); next.appendChild(tail); }
    }
    if (next) {
      next.dataset.heading = s.dataset.heading || '';
      if (foot) next.appendChild(foot.cloneNode(true));
      s.after(next);
      i--; continue;
    }
    let size = parseFloat(getComputedStyle(s).fontSize);
    while (!fits(s) && size > least) { size -= 1; s.style.fontSize = size + 'px'; }
    if (!fits(s)) problems.push((s.dataset.heading || '?') + ' in ' + (foot ? foot.textContent : '?'));
  }
  return { slides: deck.children.length, problems };
}
