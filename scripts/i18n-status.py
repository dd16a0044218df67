#!/usr/bin/env python3
"""Reports what is not translated yet, and brings the translation files up to date.

Two kinds of translation files live in translations/:
  tributary_<lang>.ts   every tr() string of widgets/ and app/ (Qt Linguist; lrelease builds them);
                        tributary_en.ts only the plural forms ("%n node(s)" -> "1 node" / "2 nodes")
  specs_<lang>.json     node spec titles, help and field labels/help from core, keyed by type and field

  scripts/i18n-status.py [--runner PATH] [--lupdate PATH]            # report; exit 1 when anything is missing
  scripts/i18n-status.py --update [--runner PATH] [--lupdate PATH]   # add new messages/entries, drop vanished ones

The report runs lupdate on copies of the .ts files, so a string added to the code
but not yet in a .ts counts as unfinished. For the catalogs it asks
`tributary-runner types` for the current specs: a missing or empty entry, or one
translated from an English text that has since changed ("en" differs), is reported.
It also checks that a translation keeps the source's placeholders (%1, %n) and,
for menu texts, an accelerator (&).
"""
import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
TRANSLATIONS = os.path.join(ROOT, "translations")
SOURCES = ["widgets", "app"]


def languages():
    return sorted(f[len("tributary_"):-3] for f in os.listdir(TRANSLATIONS)
                  if f.startswith("tributary_") and f.endswith(".ts"))


def run_lupdate(lupdate, ts_files):
    # English is the source language: its .ts holds only the plural forms.
    for ts in ts_files:
        cmd = [lupdate, "-I", ROOT, "-locations", "relative", "-no-obsolete", "-silent"]
        if os.path.basename(ts) == "tributary_en.ts":
            cmd.append("-pluralonly")
        cmd += [os.path.join(ROOT, s) for s in SOURCES] + ["-ts", ts]
        result = subprocess.run(cmd, capture_output=True, text=True)
        if result.returncode != 0:
            sys.exit(f"i18n-status: {' '.join(cmd)} failed:\n{result.stderr}")


def placeholders(text):
    return sorted(re.findall(r"%(?:\d+|n)", text))


def has_accelerator(text):
    return re.search(r"&[^&\s]", text.replace("&&", "")) is not None and not text.lstrip().startswith("<")


def check_ts(path, label):
    """Problems of one .ts file, as 'file: context: "source": what' lines."""
    problems = []
    for context in ET.parse(path).getroot().iter("context"):
        name = context.findtext("name")
        for message in context.iter("message"):
            source = message.findtext("source") or ""
            translation = message.find("translation")
            where = f'{label}: {name}: "{source}"'
            kind = translation.get("type") if translation is not None else "missing"
            if kind in ("vanished", "obsolete"):
                continue
            if message.get("numerus") == "yes":
                forms = [f.text or "" for f in translation.iter("numerusform")]
            else:
                forms = [translation.text or ""] if translation is not None else [""]
            if kind == "unfinished" or any(not f for f in forms):
                problems.append(f"{where}: unfinished")
                continue
            for form in forms:
                want = placeholders(source)
                got = placeholders(form)
                # A plural form may leave out %n ("one group"); it must not add or lose others.
                if message.get("numerus") == "yes":
                    want = [p for p in want if p != "%n"]
                    got = [p for p in got if p != "%n"]
                if want != got:
                    problems.append(f'{where}: placeholders {want} but the translation "{form}" has {got}')
                if has_accelerator(source) and not has_accelerator(form):
                    problems.append(f'{where}: the translation "{form}" lost the accelerator (&)')
    return problems


def spec_texts(runner):
    """{type: {"title": en, "help": en, "fields": {name: {"label": en, "help": en}}}} from the runner."""
    result = subprocess.run([runner, "types"], capture_output=True, text=True)
    if result.returncode != 0:
        sys.exit(f"i18n-status: {runner} types failed:\n{result.stderr}")
    texts = {}
    for spec in json.loads(result.stdout):
        fields = {f["name"]: {"label": f.get("label") or f["name"], "help": f.get("help", "")}
                  for f in spec["fields"]}
        texts[spec["type"]] = {"title": spec.get("title") or spec["type"], "help": spec.get("help", ""),
                               "fields": fields}
    return texts


def check_catalog(catalog, texts, label):
    problems = []
    types = catalog.get("types", {})

    def check(entry, english, where):
        if entry is None:
            problems.append(f"{label}: {where}: missing")
        elif not entry.get("text"):
            problems.append(f"{label}: {where}: unfinished")
        elif entry.get("en") != english:
            problems.append(f'{label}: {where}: translated from "{entry.get("en")}", but the English text is now "{english}"')

    for type_name, spec in texts.items():
        entry = types.get(type_name, {})
        for key in ("title", "help"):
            if spec[key]:
                check(entry.get(key), spec[key], f"{type_name}.{key}")
        fields = entry.get("fields", {})
        for field, field_texts in spec["fields"].items():
            for key in ("label", "help"):
                if field_texts[key]:
                    check(fields.get(field, {}).get(key), field_texts[key], f"{type_name}.fields.{field}.{key}")
    for type_name, entry in types.items():
        if type_name not in texts:
            problems.append(f"{label}: {type_name}: no such node type any more (run --update)")
            continue
        for field in entry.get("fields", {}):
            if field not in texts[type_name]["fields"]:
                problems.append(f"{label}: {type_name}.fields.{field}: no such field any more (run --update)")
    return problems


def updated_catalog(catalog, texts, lang):
    """The catalog with an entry for every current text (new ones empty) and none for vanished types/fields."""
    old = catalog.get("types", {})

    def entry(previous, english):
        previous = previous or {}
        return {"en": previous.get("en", english), "text": previous.get("text", "")}

    types = {}
    for type_name, spec in texts.items():
        prev = old.get(type_name, {})
        out = {key: entry(prev.get(key), spec[key]) for key in ("title", "help") if spec[key]}
        out["fields"] = {}
        for field, field_texts in spec["fields"].items():
            prev_field = prev.get("fields", {}).get(field, {})
            out["fields"][field] = {key: entry(prev_field.get(key), field_texts[key])
                                    for key in ("label", "help") if field_texts[key]}
        types[type_name] = out
    return {"language": lang, "types": types}


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    # Qt 6's lupdate: a plain "lupdate" on PATH may be Qt 5's.
    qt6 = "/usr/lib/qt6/bin/lupdate"
    parser.add_argument("--lupdate", default=qt6 if os.path.exists(qt6) else shutil.which("lupdate") or "lupdate")
    parser.add_argument("--runner", help="tributary-runner (for the node specs); without it the catalogs are not checked")
    parser.add_argument("--update", action="store_true", help="update the files in translations/ instead of reporting")
    args = parser.parse_args()

    langs = languages()
    spec_langs = [lang for lang in langs if lang != "en"]  # core's spec texts are English
    if not langs:
        sys.exit(f"i18n-status: no tributary_<lang>.ts in {TRANSLATIONS}")
    ts_files = [os.path.join(TRANSLATIONS, f"tributary_{lang}.ts") for lang in langs]
    texts = spec_texts(args.runner) if args.runner else None

    if args.update:
        run_lupdate(args.lupdate, ts_files)
        if texts is not None:
            for lang in spec_langs:
                path = os.path.join(TRANSLATIONS, f"specs_{lang}.json")
                catalog = json.load(open(path, encoding="utf-8")) if os.path.exists(path) else {}
                with open(path, "w", encoding="utf-8") as out:
                    json.dump(updated_catalog(catalog, texts, lang), out, indent=2, ensure_ascii=False)
                    out.write("\n")
        print("updated: " + ", ".join(os.path.relpath(f, ROOT) for f in ts_files) +
              ("" if texts is None else " and the spec catalogs"))

    problems = []
    counts = []
    with tempfile.TemporaryDirectory() as tmp:
        copies = []
        for path in ts_files:
            copy = os.path.join(tmp, os.path.basename(path))
            shutil.copy(path, copy)
            copies.append(copy)
        run_lupdate(args.lupdate, copies)
        for path, copy in zip(ts_files, copies):
            found = check_ts(copy, os.path.relpath(path, ROOT))
            total = sum(1 for _ in ET.parse(copy).getroot().iter("message"))
            counts.append(f"{os.path.basename(path)}: {total - len(found)}/{total} messages translated")
            problems += found
    for lang in spec_langs:
        path = os.path.join(TRANSLATIONS, f"specs_{lang}.json")
        label = os.path.relpath(path, ROOT)
        if not os.path.exists(path):
            problems.append(f"{label}: missing (run --update with --runner)")
            continue
        try:
            catalog = json.load(open(path, encoding="utf-8"))
        except json.JSONDecodeError as e:
            problems.append(f"{label}: not valid JSON: {e}")
            continue
        if texts is not None:
            found = check_catalog(catalog, texts, label)
            total = sum(1 + (1 if s["help"] else 0) +
                        sum(1 + (1 if f["help"] else 0) for f in s["fields"].values()) for s in texts.values())
            counts.append(f"{os.path.basename(path)}: {total - len(found)}/{total} spec texts translated")
            problems += found

    for line in problems:
        print(line)
    for line in counts:
        print(line)
    if problems:
        print(f"{len(problems)} problem(s): translate them in translations/ (Qt Linguist for .ts, any editor for .json)")
        return 1
    print("all translated")
    return 0


if __name__ == "__main__":
    sys.exit(main())
