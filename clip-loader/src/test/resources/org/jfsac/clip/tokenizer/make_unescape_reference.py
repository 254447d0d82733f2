"""Reference data for HtmlUnescapeTest: CPython 3.11's html.unescape on awkward inputs.
Run with /usr/bin/python3; writes html_unescape_reference.jsonl (ASCII-escaped JSON lines)."""
import html
import json
import os

CASES = [
    "", "no entities", "&amp; &lt; &gt; &quot; &#39; &apos;", "&amp;amp;", "&amp", "&ampx", "&amp;x", "&AMP;",
    "&AMP", "&notit;", "&notin;", "&not", "&nbsp&nbsp;", "&copy2024", "&eacute;&Eacute;&EACUTE;",
    "&#65;&#x41;&#X41;&#0065", "&#x1F642;", "&#0;", "&#13;", "&#128;&#129;&#150;&#159;", "&#1;&#11;&#127;",
    "&#xFDD0;&#xFFFE;&#x1FFFF;&#x10FFFF;", "&#xD800;&#xDFFF;", "&#1114112;", "&#99999999999999999999999;",
    "&#;", "&#x;", "&;", "&", "&&&", "& amp;", "&bogus;", "&bogusname", "&Jscr;&HilbertSpace;",
    "&thinsp;&zwj;&zwnj;", "&NotNestedGreaterGreater;", "&fjlig;", "&nGt;", "&ThickSpace;",
    "a&lt;b&gt;c", "&lt&gt", "&ltx", "&hellip;", "&aacute&aacutex",
    "&abcdefghijklmnopqrstuvwxyzabcdefghijk;", "tab&\tx", "new&\nx",
]

here = os.path.dirname(os.path.abspath(__file__))
with open(os.path.join(here, "html_unescape_reference.jsonl"), "w", encoding="ascii") as f:
    for case in CASES:
        f.write(json.dumps({"text": case, "unescaped": html.unescape(case)}, ensure_ascii=True) + "\n")
print(len(CASES), "cases")
