// TypeDoc plugin for reservekit's API reference (typedoc.json loads it).
//
// - `@throws {NoInventoryError} when …`: TypeDoc reads `{NoInventoryError}` as a JSDoc type
//   annotation and drops it, so every "Throws" said when but not what. Each class named in braces in
//   a @throws tag becomes a link to that class instead (a JavaScript built-in such as `Error` stays
//   its name); one that does not resolve is an invalid link, which fails the build like any other
//   (warnings are errors).
// - Modules are named as they are imported (`reservekit`, `reservekit/dots`, …): TypeDoc names them
//   after their files, and the root entry src/index.ts showed as "index".
import { Converter, ReflectionKind } from 'typedoc';

const PACKAGE = 'reservekit';
const BRACED_NAME = /\{([A-Za-z_$][\w$]*)\}/g;

/** The module a reflection belongs to. */
function moduleOf(reflection) {
  let current = reflection;
  while (current && !current.kindOf(ReflectionKind.Module)) current = current.parent;
  return current;
}

/**
 * The class `name`: the one of the comment's own module, else the one exported by the root entry
 * point (the error classes live there).
 */
function findClass(name, owner) {
  const classes = owner.project.getReflectionsByKind(ReflectionKind.Class).filter((c) => c.name === name);
  return (
    classes.find((c) => moduleOf(c) === moduleOf(owner)) ??
    classes.find((c) => moduleOf(c)?.name === PACKAGE) ??
    classes[0]
  );
}

/** A link to the class `name`; left to TypeDoc (and its invalid-link warning) when there is none. */
function linkTo(name, owner) {
  const target = findClass(name, owner);
  if (target) return { kind: 'inline-tag', tag: '@link', text: name, target };
  // A JavaScript built-in (`{Error}`, `{RangeError}`) has no page here: its name, as code.
  if (name in globalThis) return { kind: 'code', text: `\`${name}\`` };
  return { kind: 'inline-tag', tag: '@link', text: name };
}

/** `{X}` in plain text, as links to X. */
function linkBracedNames(text, owner) {
  const parts = [];
  let last = 0;
  for (const match of text.matchAll(BRACED_NAME)) {
    if (match.index > last) parts.push({ kind: 'text', text: text.slice(last, match.index) });
    parts.push(linkTo(match[1], owner));
    last = match.index + match[0].length;
  }
  if (last < text.length) parts.push({ kind: 'text', text: text.slice(last) });
  return parts;
}

function linkThrownClasses(owner) {
  for (const tag of owner.comment?.blockTags ?? []) {
    if (tag.tag !== '@throws') continue;
    const content = tag.content.flatMap((part) =>
      part.kind === 'text' ? linkBracedNames(part.text, owner) : [part],
    );
    const annotation = tag.typeAnnotation?.match(/^\{([A-Za-z_$][\w$]*)\}$/);
    if (annotation) {
      const first = content[0];
      const punctuation = first?.kind === 'text' && /^[,.;:]/.test(first.text);
      content.unshift(linkTo(annotation[1], owner), ...(punctuation ? [] : [{ kind: 'text', text: ' ' }]));
      delete tag.typeAnnotation;
    } else if (content[0]?.kind === 'text') {
      // `@throws NotFoundError when …`, without braces: the leading class name is linked too.
      const [, name, rest] = content[0].text.match(/^(\s*[A-Z][\w$]*)([\s\S]*)$/) ?? [];
      if (name && findClass(name.trim(), owner))
        content.splice(0, 1, linkTo(name.trim(), owner), { kind: 'text', text: rest });
    }
    tag.content = content;
  }
}

/** @param {import('typedoc').Application} app */
export function load(app) {
  // At the end of conversion, before TypeDoc resolves links (RESOLVE_END, priority -300).
  app.converter.on(Converter.EVENT_RESOLVE_END, (context) => {
    const reflections = Object.values(context.project.reflections);
    for (const reflection of reflections) {
      if (reflection.kindOf(ReflectionKind.Module) && reflection.parent === context.project) {
        reflection.name = reflection.name === 'index' ? PACKAGE : `${PACKAGE}/${reflection.name}`;
      }
    }
    for (const reflection of reflections) linkThrownClasses(reflection);
  });
}
