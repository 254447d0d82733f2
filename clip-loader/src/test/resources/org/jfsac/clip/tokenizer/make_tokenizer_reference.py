"""Reference data for ClipTokenizerReferenceTest: OpenCLIP's SimpleTokenizer run on texts chosen
to exercise each cleaning step (ftfy, HTML entities, whitespace, case), the pre-tokenizer regex,
BPE and truncation.

Made with open_clip_torch 3.3.0 (its SimpleTokenizer equals 2.24.0's for the default
clean="lower"; both reproduce tiny-gelu/text_tokens.npy), ftfy 6.3.1 and regex, installed with
pip --no-deps into a venv with system site packages (for torch and numpy):
    python make_tokenizer_reference.py <site-packages>/open_clip <bpe_simple_vocab_16e6.txt.gz>
Only open_clip/tokenizer.py is loaded (the package __init__ needs torchvision).

Writes tokenizer_reference.jsonl: one JSON object per line with the text, encode() ids,
the 77-token row from __call__ and decode(encode(text)). ASCII-escaped so that lone surrogates
survive.
"""
import importlib.util
import json
import os
import sys
import types

HERE = os.path.dirname(os.path.abspath(__file__))

TEXTS = [
    # case, whitespace
    "A Photo Of A DAMAGED Screw", "  leading and trailing  ", "tab\tnew\nline\r\ncr\rend",
    "nbsp\u00a0here", "ideographic\u3000space", "line\u2028sep\u2029para", "next\x85line",
    "", "   ", "\n\t",
    # HTML entities: OpenCLIP unescapes twice, ftfy a third time (and to a fixed point) unless
    # the line holds '<'
    "&amp;amp;amp;amp; deep", "<b>&amp;amp;amp;</b>", "&lt;b&gt; not a tag", "x &lt; y\n&amp;amp;amp;",
    "&amp;amp;amp;\n<i>", "a &notit; b", "&notin; &not", "&#x27;quoted&#39;", "&#0; &#13; &#128; &#150;",
    "&#xD800; &#1114112; &#99999999999999999999;", "&#x1F642; &#x1f642", "&amp &ampx &amp;x",
    "P&EACUTE;REZ &NTILDE; &nTILDE;", "BUNDESSTRA&SZLIG;E", "&nbsp;x&copy;2024 &reg &hellip;",
    "&Jscr;ohn &HilbertSpace;", "&checkmark; &bogus; &#x41;&#66;", "&&amp;; &#; &#x;",
    # ftfy fixes
    "\u201cquoted\u201d \u2018single\u2019 it\u2019s \u02bcmodifier", "\ufb01ne \ufb02ow \ufb03x \u0132sselmeer",
    "\uff2c\uff2f\uff35\uff24\u3000\uff2e\uff2f\uff29\uff33\uff25", "\uff73\uff80\uff70\uff9d",
    "cafe\u0301 nai\u0308ve", "ctrl\x00a\x07b\x1b[31mred\x1b[0m", "\ufeffbom start", "c1 \x80 \x93q\x94 \x81",
    "tag\U000e0041chars \ufffcobj \u206aarabic", "a\ud800b", "\ud83d\ude00 pair",
    # pre-tokenizer
    "it's they're I'VE we'll he'd I'm can't 'S 'T", "rock'n'roll o'clock",
    "12345 3.14 \u00bd \u00b2 \u0661\u0662\u0663 \u2167", "!!!???... __init__ a_b-c.d e-mail@x.com",
    "\U0001f469\u200d\U0001f52c \U0001f1ef\U0001f1f5 \U0001f44d\U0001f3fd", "\u0394\u039f\u03a3 \u039f\u0394\u039f\u03a3",
    "\u0130stanbul STRASSE stra\u00dfe \u212aelvin \u24b6\u24b7 \u01c5 \u1fb3", "\u0915\u094d\u0937 \u0e01\u0e33 \ud55c\uad6d\uc5b4",
    "<start_of_text> hi <end_of_text>", "<|startoftext|>x<|endoftext|>", "<START_OF_TEXT>",
    "a photo of a metal_nut with a scratch on the thread.", "macro photo, pcb4 with bent pin (1mm)",
    # truncation around 77
    " ".join(["cat"] * 75), " ".join(["cat"] * 76), " ".join(["supercalifragilistic"] * 30),
]


def load_tokenizer(package_dir, bpe):
    pkg = types.ModuleType("open_clip")
    pkg.__path__ = [package_dir]
    sys.modules["open_clip"] = pkg
    spec = importlib.util.spec_from_file_location("open_clip.tokenizer", os.path.join(package_dir, "tokenizer.py"))
    module = importlib.util.module_from_spec(spec)
    sys.modules["open_clip.tokenizer"] = module
    spec.loader.exec_module(module)
    return module.SimpleTokenizer(bpe)


def main():
    tok = load_tokenizer(sys.argv[1], sys.argv[2])
    with open(os.path.join(HERE, "tokenizer_reference.jsonl"), "w", encoding="ascii") as f:
        for text in TEXTS:
            ids = tok.encode(text)
            row = tok([text], 77)[0].tolist()
            f.write(json.dumps({"text": text, "ids": ids, "tokens77": row,
                                "decoded": tok.decode(ids)}, ensure_ascii=True) + "\n")
    print(len(TEXTS), "texts")


if __name__ == "__main__":
    main()
