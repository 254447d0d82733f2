package org.jfsac.tools;

import com.google.gson.JsonObject;
import org.jfsac.fsac.api.FsacClassifier;
import org.jfsac.fsac.demo.DemoDataset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import picocli.CommandLine.Model.ArgSpec;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.jfsac.tools.CliTest.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Help texts, the demo's own defaults, usage errors before device probing, and --config / --print-config. */
class CliOptionsTest {
    @TempDir Path tmp;

    @Test
    void everyOptionAndParameterHasHelpText() {
        List<String> missing = new ArrayList<>();
        for (Map.Entry<String, CommandLine> c : new CommandLine(new Main()).getSubcommands().entrySet()) {
            List<ArgSpec> args = new ArrayList<>(c.getValue().getCommandSpec().options());
            args.addAll(c.getValue().getCommandSpec().positionalParameters());
            for (ArgSpec a : args) {
                String d = String.join(" ", a.description()).strip();
                if (d.isEmpty()) missing.add(c.getKey() + " " + a.paramLabel() + (a.isOption() ? " " + ((CommandLine.Model.OptionSpec) a).longestName() : ""));
            }
        }
        assertEquals(List.of(), missing, "options without help text");
    }

    @Test
    void demoHelpShowsTheDemosOwnDefaults() {
        CliTest.Result h = run("demo", "--help");
        assertEquals(0, h.code());
        String help = h.out().replaceAll("\\s+", " ");
        assertTrue(help.contains("training epochs (default 60;"), help);
        assertTrue(help.contains("(default: 5e-4, the paper's, with the random-weight model;"), help);
        assertTrue(help.contains("(default: 1e-4, the paper's, with the random-weight model;"), help);
        assertFalse(help.contains("(code 5e-5)"), "the run/fit text does not leak into demo's help");
        assertTrue(run("run", "--help").out().replaceAll("\\s+", " ").contains("training epochs (default 100)"));
        assertTrue(run("demo", "--print-config").out().contains("epochs: 60"), "the default is in effect, not only in the text");
    }

    @Test
    void usageErrorsComeBeforeTheDeviceIsProbed() throws Exception {
        Files.createDirectories(tmp.resolve("data"));
        for (String[] args : List.of(
                new String[]{"run", "--dataset", "mvtec", "--data", tmp.resolve("data").toString(), "--checkpoint", "x.pt", "--synthesis", "bogus"},
                new String[]{"fit", "--checkpoint", "x.pt", "--class-name", "a", "--normal", tmp.toString(), "--out", "h", "--no-loss", "xyz"},
                new String[]{"demo", "--scoring", "sometimes", "--out", tmp.resolve("d").toString()},
                new String[]{"predict", "--head", "h.safetensors", "x.png", "--batch", "0"},
                new String[]{"calibrate", "--head", "h.safetensors", "--normal", "a", "--anomalous", "b", "--use", "magic"})) {
            CliTest.Result r = run(args);
            assertEquals(1, r.code(), String.join(" ", args) + ": " + r.err());
            assertTrue(r.err().contains("must be") || r.err().contains("takes"), String.join(" ", args) + ": " + r.err());
            assertFalse(r.err().contains("device:"), "no device probed for " + String.join(" ", args) + ": " + r.err());
            assertEquals(1, r.err().strip().lines().count(), "one line: " + r.err());
        }
    }

    @Test
    void configFileJsonAndYamlWithCommandLineOverride() throws Exception {
        Path data = tmp.resolve("data");
        DemoDataset.generate(data, 0);
        Path normal = data.resolve("disc/train/good");
        Path json = tmp.resolve("fit.json"), yaml = tmp.resolve("fit.yaml");
        Files.writeString(json, "{\"demo-model\": true, \"class-name\": \"disc\", \"normal\": [\"" + normal + "\"], \"epochs\": 1,"
                + " \"alpha\": [0.25, 0.5], \"no-loss\": [\"t2i\"], \"device\": \"cpu\"}");
        Files.writeString(yaml, "# a fit as anomalib users keep it\ndemo_model: true\nclass_name: disc\nnormal:\n  - " + normal
                + "\nepochs: 1\nlr_image: 2.5e-4\npreset: visa\ndevice: cpu\n");
        Path h1 = tmp.resolve("h1.safetensors"), h2 = tmp.resolve("h2.safetensors"), h3 = tmp.resolve("h3.safetensors");
        assertEquals(0, run("fit", "--config", json.toString(), "--out", h1.toString()).code());
        assertEquals(0, run("fit", "--config", yaml.toString(), "--out", h2.toString()).code());
        CliTest.Result over = run("fit", "--config", yaml.toString(), "--out", h3.toString(), "--epochs", "2", "--preset", "mvtec");
        assertEquals(0, over.code(), over.err());
        JsonObject c1 = com.google.gson.JsonParser.parseString(FsacClassifier.readMetadata(h1).get("fsac_config")).getAsJsonObject();
        JsonObject c2 = com.google.gson.JsonParser.parseString(FsacClassifier.readMetadata(h2).get("fsac_config")).getAsJsonObject();
        JsonObject c3 = com.google.gson.JsonParser.parseString(FsacClassifier.readMetadata(h3).get("fsac_config")).getAsJsonObject();
        assertEquals(1, c1.get("epochs").getAsInt());
        assertEquals(0.25, c1.get("alpha1").getAsDouble());
        assertEquals(0.5, c1.get("alpha2").getAsDouble());
        assertFalse(c1.get("lossT2I").getAsBoolean());
        assertEquals(2.5e-4, c2.get("lrImage").getAsDouble());
        assertEquals("visa", c2.get("preset").getAsString());
        assertEquals(2, c3.get("epochs").getAsInt(), "the command line overrides the file");
        assertEquals("mvtec", c3.get("preset").getAsString());
        assertEquals(2.5e-4, c3.get("lrImage").getAsDouble(), "what the command line does not set still comes from the file");
    }

    @Test
    void printConfigShowsTheEffectiveValuesAndReadsBack() throws Exception {
        Path yaml = tmp.resolve("run.yaml");
        Files.writeString(yaml, "dataset: visa\ndata: /data/VisA\nshots: [1, 4]\nepochs: 30\nbest-epoch: true\n");
        CliTest.Result p = run("run", "--config", yaml.toString(), "--seeds", "3", "--print-config");
        assertEquals(0, p.code(), p.err());
        assertFalse(p.err().contains("device:"), "printing the configuration probes nothing");
        for (String line : List.of("dataset: visa", "epochs: 30", "seeds: 3", "best-epoch: true", "preset: mvtec", "- 4"))
            assertTrue(p.out().contains(line + "\n"), line + " in\n" + p.out());
        Path printed = tmp.resolve("printed.yaml");
        Files.writeString(printed, p.out());
        assertEquals(p.out(), run("run", "--config", printed.toString(), "--print-config").out(), "the printed file reads back to itself");

        CliTest.Result template = run("fit", "--print-config");
        assertEquals(0, template.code(), "a template needs no required option: " + template.err());
        assertTrue(template.out().contains("class-name: null\n") && template.out().contains("epochs: null\n"), template.out());

        Files.writeString(yaml, "epochs: [1, 2]\n");
        CliTest.Result bad = run("run", "--config", yaml.toString());
        assertEquals(2, bad.code());
        assertTrue(bad.err().contains("run.yaml: 'epochs' takes one value, not a list"), bad.err());
        Files.writeString(yaml, "!!javax.script.ScriptEngineManager [!!java.net.URLClassLoader [[!!java.net.URL [\"http://x/\"]]]]\n");
        CliTest.Result hostile = run("run", "--config", yaml.toString());
        assertEquals(2, hostile.code());
        assertTrue(hostile.err().contains("run.yaml: not valid YAML"), "no type tags: nothing is constructed: " + hostile.err());
    }
}
