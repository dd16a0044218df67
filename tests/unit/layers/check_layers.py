#!/usr/bin/python3
"""Checks every #include "core/...", "widgets/..." and "app/..." edge in the
tree against the layer table in docs/architecture.md, and that no GUI file
reaches a header the table keeps away from it (librdkafka), directly or
through other headers. Prints each offending file:line and exits 1.

Usage: check_layers.py SOURCE_DIR
"""
import os
import re
import sys

INCLUDE = re.compile(r'^\s*#\s*include\s*([<"])([^">]+)[">]')
ROW = re.compile(r'^\|\s*`([a-z_/]+)`\s*\|([^|]*)\|([^|]*)\|')


def read_table(doc):
    """{layer: (allowed layers, forbidden system-header prefixes)} from the
    rows between the layer-table markers."""
    table, inside = {}, False
    with open(doc, encoding='utf-8') as f:
        for line in f:
            if '<!-- layer-table -->' in line:
                inside = True
            elif '<!-- /layer-table -->' in line:
                inside = False
            elif inside:
                m = ROW.match(line)
                if m:
                    allowed = set(re.findall(r'`([a-z_/]+)`', m.group(2)))
                    never = re.findall(r'`<([^>]+)>`', m.group(3))
                    table[m.group(1)] = (allowed, never)
    return table


def layer_of(path, table):
    """The table row a repository path belongs to: the longest prefix."""
    best = None
    for layer in table:
        if path == layer or path.startswith(layer + '/'):
            if best is None or len(layer) > len(best):
                best = layer
    return best


def main():
    root = sys.argv[1] if len(sys.argv) > 1 else os.getcwd()
    doc = os.path.join(root, 'docs', 'architecture.md')
    table = read_table(doc)
    if not table:
        print(f'{doc}: no layer table between <!-- layer-table --> markers')
        return 1
    sources = []
    for top in ('core', 'widgets', 'app'):
        for dirpath, _, files in os.walk(os.path.join(root, top)):
            for name in files:
                if name.endswith(('.h', '.cpp')):
                    sources.append(os.path.relpath(os.path.join(dirpath, name), root))
    sources.sort()

    # Every file's includes: quoted ones (repository paths) and system ones.
    quoted, system = {}, {}
    for path in sources:
        quoted[path], system[path] = [], []
        with open(os.path.join(root, path), encoding='utf-8', errors='replace') as f:
            for number, line in enumerate(f, 1):
                m = INCLUDE.match(line)
                if not m:
                    continue
                (quoted if m.group(1) == '"' else system)[path].append((number, m.group(2)))

    problems = []
    for path in sources:
        source = layer_of(path, table)
        if source is None:
            problems.append(f'{path}:1: not in any layer of the table in docs/architecture.md')
            continue
        allowed, _ = table[source]
        for number, target in quoted[path]:
            if not target.startswith(('core/', 'widgets/', 'app/')):
                continue
            dest = layer_of(target, table)
            if dest is None:
                problems.append(f'{path}:{number}: includes "{target}", which is in no layer of the table')
            elif dest != source and dest not in allowed:
                problems.append(f'{path}:{number}: {source} may not include {dest} ("{target}"); '
                                f'{source} may include: {", ".join(sorted(allowed)) or "nothing else"}')

    # Headers a layer must never reach, even through other headers.
    for path in sources:
        source = layer_of(path, table)
        if source is None or not table[source][1]:
            continue
        never = table[source][1]
        seen, stack = {path: None}, [path]
        while stack:
            current = stack.pop()
            for number, header in system.get(current, []):
                if any(header.startswith(prefix) for prefix in never):
                    chain, at = [], current
                    while at is not None:
                        chain.append(at)
                        at = seen[at]
                    first = quoted[path]
                    line = next((n for n, t in first if t == (chain[-2] if len(chain) > 1 else '')), number)
                    problems.append(f'{path}:{line}: {source} may not reach <{header}>: '
                                    f'{" -> ".join(reversed(chain))}:{number}')
            for _, target in quoted.get(current, []):
                if target in quoted and target not in seen:
                    seen[target] = current
                    stack.append(target)

    for problem in problems:
        print(problem)
    print(f'{len(sources)} files checked against {len(table)} layers: '
          f'{len(problems)} problem{"" if len(problems) == 1 else "s"}')
    return 1 if problems else 0


if __name__ == '__main__':
    sys.exit(main())
