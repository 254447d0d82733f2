#!/usr/bin/python3
"""The authors' CPE sentences and their token ids, for AuthorsPromptsTest.

Runs the `prompt_order` classes of the authors' train.py (the full set: 7 normal and 4 anomalous states x
21 templates, lines 95-173) and exp.py (the smaller set of train_exp.sh: 3 normal and 2 anomalous states x 8
templates, lines 96-166 there) and tokenises every sentence with the authors' own tokenizer
(src/open_clip/tokenizer.py and its bpe_simple_vocab_16e6.txt.gz, `tokenizer.tokenize`, as their
prepare_text_future does, train.py lines 302-311). Repository Jay-zzcoder/clip-fsac-, commit
88694118cf716c0385eb53471ada9ce24c72491f, read from the bare mirror into a temporary folder; the classes are
taken from the source with `ast` and executed as written.

The tokenizer needs ftfy and regex, which Debian's python3 lacks: install them into a folder and put it on
PYTHONPATH (pip install --target DIR ftfy==6.3.1 regex wcwidth).

Writes authors_prompts.json: for each set and class, the normal and anomalous sentences in the authors' order
and their token ids up to and including the end-of-text token (the rest is zero padding to 77).
Run: PYTHONPATH=DIR /usr/bin/python3 make_reference.py
"""
import ast
import json
import os
import shutil
import subprocess
import sys
import tempfile

MIRROR = "/work/.mirror/Jay-zzcoder+clip-fsac-/repo"
COMMIT = "88694118cf716c0385eb53471ada9ce24c72491f"
TEMPS = []  # removed on exit
HERE = os.path.dirname(os.path.abspath(__file__))
CLASSES = ["candle", "pcb1", "metal_nut"]  # VisA 1-shot classes of train_exp.sh, and one with an underscore


def show(path):
    return subprocess.run(["git", "-C", MIRROR, "show", f"{COMMIT}:{path}"], check=True, capture_output=True).stdout


def prompt_order(source):
    tree = ast.parse(source)
    cls = [n for n in tree.body if isinstance(n, ast.ClassDef) and n.name == "prompt_order"]
    assert len(cls) == 1
    ns = {}
    exec(compile(ast.Module(body=cls, type_ignores=[]), "<authors>", "exec"), ns)
    return ns["prompt_order"]()


def main():
    tmp = tempfile.mkdtemp(prefix="fsac-authors-")
    TEMPS.append(tmp)
    os.makedirs(os.path.join(tmp, "authors_tok"))
    for f in ("tokenizer.py", "bpe_simple_vocab_16e6.txt.gz"):
        with open(os.path.join(tmp, "authors_tok", f), "wb") as out:
            out.write(show("src/open_clip/" + f))
    open(os.path.join(tmp, "authors_tok", "__init__.py"), "w").close()
    sys.path.insert(0, tmp)
    from authors_tok import tokenizer

    out = {"source": f"Jay-zzcoder/clip-fsac- {COMMIT}", "sets": {}}
    for name, file in (("full", "train.py"), ("exp", "exp.py")):
        gen = prompt_order(show(file).decode())
        per_class = {}
        for c in CLASSES:
            normal, anomalous = gen.prompt(c)
            entry = {}
            for kind, sentences in (("normal", normal), ("anomalous", anomalous)):
                ids = tokenizer.tokenize(sentences).tolist()
                entry[kind] = [{"text": s, "ids": row[:row.index(49407) + 1]} for s, row in zip(sentences, ids)]
            per_class[c] = entry
            print(name, c, len(normal), len(anomalous))
        out["sets"][name] = per_class
    with open(os.path.join(HERE, "authors_prompts.json"), "w") as f:
        json.dump(out, f, separators=(",", ":"))


if __name__ == "__main__":
    main()
    for leftover in TEMPS:
        shutil.rmtree(leftover, ignore_errors=True)
