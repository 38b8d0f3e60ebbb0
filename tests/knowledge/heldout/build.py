"""Builds tests/knowledge/heldout_questions.json from source.txt (run: python tests/knowledge/heldout/build.py).

source.txt: one question per line, `slug#passage|tool spec|persona|question`, written passage by passage
from the sample corpus (two per passage, as a parent, a teenager, an older adult, a non-native speaker or
with typos), independently of the 109 tuning questions. The split is stratified by tool with a fixed seed
and was committed before any retrieval tuning; never re-split after looking at results.
"""

import json
import random
import re
from collections import Counter, defaultdict
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent.parent

corpus = json.loads((ROOT / "knowledge/sample/corpus.json").read_text(encoding="utf-8"))
groups = {r["slug"]: r["procedure_groups"] for r in corpus}
npass = {r["slug"]: len(r["content"].split("\n\n")) for r in corpus}
PROCS = ["venous-malformation", "laparoscopic-cholecystectomy", "tonsillectomy"]


def group_of_text(t):
    t = t.lower()
    if re.search(r"sclero|embol|vm\b|venous|malformation|bleomycin|compression", t):
        return "venous-malformation"
    if re.search(r"gall|chole", t):
        return "laparoscopic-cholecystectomy"
    if re.search(r"tonsil", t):
        return "tonsillectomy"
    return None


ALT = {  # (slug, passage) -> extra slugs that answer the question as well
    "tonsillectomy-pain-medicine#0": ["alternating-tylenol-motrin"],
    "anticoagulants-basics#1": ["ibuprofen-basics"],
    "swelling-worsening#1": ["calf-pain-clot"],
    "calf-pain-clot#1": ["chest-pain-breathing"],
    "numbness-tingling#1": ["circulation-emergency"],
    "pain-uncontrolled#1": ["circulation-emergency", "numbness-tingling"],
    "swelling-around-incision#1": ["infection-signs"],
    "cholecystectomy-work-driving#1": ["recovery-driving"],
    "recovery-bathing#0": ["wound-puncture-site-care"],
    "recovery-bathing#1": ["wound-puncture-site-care"],
    "cholecystectomy-incision-care#0": ["cholecystectomy-bathing"],
    "cholecystectomy-incision-care#1": ["cholecystectomy-bathing"],
    "cholecystectomy-bathing#0": ["cholecystectomy-incision-care"],
    "cholecystectomy-bathing#1": ["cholecystectomy-incision-care"],
    "cholecystectomy-lifting#1": ["recovery-walking"],
    "cholecystectomy-work-driving#0": ["cholecystectomy-lifting"],
    "tonsillectomy-school#1": ["tonsillectomy-sports"],
    "recovery-school-daycare#1": ["recovery-sports"],
    "recovery-sports#0": ["recovery-school-daycare"],
    "recovery-lifting#0": ["groin-puncture-site"],
    "tonsillectomy-drinking-eating#1": ["eating-and-drinking"],
}
GROUP_ALT = {  # a general passage's question asked by a patient of a group that has its own, more specific document
    ("pain-medicine-plan", "tonsillectomy"): ["tonsillectomy-pain-medicine"],
    ("recovery-driving", "laparoscopic-cholecystectomy"): ["cholecystectomy-work-driving"],
    ("incision-care-general", "laparoscopic-cholecystectomy"): ["cholecystectomy-incision-care"],
    ("swelling-around-incision", "venous-malformation"): ["swelling-expected"],
    ("pain-expected", "tonsillectomy"): ["tonsillectomy-throat-pain"],
    ("recovery-walking", "laparoscopic-cholecystectomy"): ["cholecystectomy-lifting"],
}
rows = []
cycle = 0
for n, line in enumerate((HERE / "source.txt").read_text(encoding="utf-8").splitlines(), 1):
    label, spec, persona, question = [p.strip() for p in line.rstrip("\n").split("|", 3)]
    slug, idx = label.split("#")
    assert slug in groups, slug
    assert int(idx) < npass[slug], label
    kind, *rest = spec.split(":")
    if kind == "sym":
        tool, args = "symptom", {"symptom": question}
    elif kind == "med":
        tool, args = "medication", {"medication": rest[0], "question": question}
    elif kind == "proc":
        tool, args = "procedure", {"procedure": rest[0], "question": question}
    elif kind == "rec":
        tool, args = "recovery", {"procedure": rest[0], "activity": rest[1]}
    g = groups[slug]
    if g == ["general"]:
        named = group_of_text(" ".join(args.values()))
        if named is None:
            named = PROCS[cycle % 3]
            cycle += 1
        g = [named]
    expected = [slug, *ALT.get(label, []), *GROUP_ALT.get((slug, g[0]), [])]
    rows.append(
        {
            "id": f"h{n:03d}",
            "question": question,
            "tool": tool,
            "args": args,
            "expected": expected,
            "passages": [label],
            "procedure_groups": g,
            "persona": persona,
        }
    )
# fixed-seed split, stratified by tool: half development, half test
rng = random.Random(20261130)
by_tool = defaultdict(list)
for r in rows:
    by_tool[r["tool"]].append(r)
for tool in sorted(by_tool):
    items = by_tool[tool][:]
    rng.shuffle(items)
    for i, r in enumerate(items):
        r["split"] = "dev" if i < len(items) // 2 else "test"
(HERE.parent / "heldout_questions.json").write_text(json.dumps(rows, indent=1, ensure_ascii=False) + "\n")
print(len(rows), Counter((r["tool"], r["split"]) for r in rows))
