package org.jfsac.tools;

import com.google.gson.JsonObject;
import org.junit.jupiter.api.Test;

import java.io.IOException;

import static org.junit.jupiter.api.Assertions.*;

/** Issue 11, defect 6: "anomaly_score": NaN is not JSON; printing it is an error, finite numbers print as before. */
class JsonOutputTest {
    @Test
    void nonFiniteNumbersAreRefusedFiniteOnesPrinted() throws IOException {
        JsonObject o = new JsonObject();
        o.addProperty("anomaly_score", 0.25);
        assertTrue(JsonOutput.strict(o).contains("\"anomaly_score\": 0.25"));
        o.addProperty("anomaly_score", Double.NaN);
        IOException e = assertThrows(IOException.class, () -> JsonOutput.strict(o));
        assertTrue(e.getMessage().contains("NaN"), e.getMessage());
    }
}
