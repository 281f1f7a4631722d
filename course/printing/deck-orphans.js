// Slides that end with a heading whose text is on another slide (H2 to H4 after other content).
() => Array.from(document.querySelectorAll('#deck > section')).filter(s => {
  const kids = Array.from(s.children).filter(c => !c.matches('.deck-foot'));
  return kids.length > 1 && kids[kids.length - 1].matches('h2, h3, h4');
}).map(s => {
  const kids = Array.from(s.children).filter(c => !c.matches('.deck-foot'));
  return kids[kids.length - 1].textContent.trim() + ' in ' + ((s.querySelector('.deck-foot') || {}).textContent || '?');
})
