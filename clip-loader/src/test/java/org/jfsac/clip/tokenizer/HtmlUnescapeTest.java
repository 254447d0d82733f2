package org.jfsac.clip.tokenizer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.List;

import com.google.gson.JsonObject;
import org.junit.jupiter.api.Test;

class HtmlUnescapeTest {

    /** Against CPython's html.unescape on edge cases (make_unescape_reference.py); strings must be equal. */
    @Test
    void matchesPythonHtmlUnescape() throws IOException {
        List<JsonObject> cases = JsonLines.resource("html_unescape_reference.jsonl");
        assertTrue(cases.size() > 40);
        for (JsonObject c : cases) {
            String text = c.get("text").getAsString();
            assertEquals(c.get("unescaped").getAsString(), HtmlUnescape.unescape(text), "input: " + text);
        }
    }

    /** ftfy's decoder: only complete references, upper-cased Latin names too (examples from ftfy's docstring). */
    @Test
    void ftfyFormIsStrict() {
        assertEquals("<tag>", HtmlUnescape.unescapeFtfy("&lt;tag&gt;"));
        assertEquals("\uD835\uDCA5ohn \u210Bancock", HtmlUnescape.unescapeFtfy("&Jscr;ohn &HilbertSpace;ancock"));
        assertEquals("P\u00C9REZ", HtmlUnescape.unescapeFtfy("P&EACUTE;REZ"));
        assertEquals("BUNDESSTRASSE", HtmlUnescape.unescapeFtfy("BUNDESSTRA&SZLIG;E"));
        assertEquals("\u00F1 \u00D1 \u00D1 &nTILDE;", HtmlUnescape.unescapeFtfy("&ntilde; &Ntilde; &NTILDE; &nTILDE;"));
        assertEquals("this&not that &amp", HtmlUnescape.unescapeFtfy("this&not that &amp"));
        assertEquals("A&#65", HtmlUnescape.unescapeFtfy("&#65;&#65"));
    }
}
