package org.jfsac.tools;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import com.google.gson.JsonPrimitive;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.YAMLException;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

import java.io.IOException;
import java.io.Reader;
import java.lang.reflect.Array;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code --config FILE}: command-line options kept in a JSON or YAML file, as anomalib users keep theirs. The keys
 * are the commands' own long option names without the dashes ({@code epochs: 60}, {@code lr-image: 5e-4};
 * {@code lr_image} works too), read from the picocli model, so every option, including ones added later, can live
 * in the file. Lists are lists ({@code shots: [1, 2, 4]}), flags are booleans. An option given on the command line
 * overrides the file. The file becomes arguments placed before the command line's own, so picocli converts and
 * checks every value as if typed. YAML is read with SnakeYAML's SafeConstructor (plain maps, lists and scalars; no
 * type tags, so nothing in a file can construct objects) and its default limits on aliases and size.
 */
final class ConfigFile {
    static final String OPTION = "--config";
    static final String PRINT = "--print-config";
    /** Options that are about the command line itself, not settings. */
    private static final Set<String> NOT_SETTINGS = Set.of(OPTION, PRINT, "--help", "--version");

    private ConfigFile() {}

    /**
     * The arguments with the options of the {@code --config} file inserted after the subcommand, those given on the
     * command line left out; the arguments unchanged when the subcommand takes no --config or none is given.
     */
    static String[] expand(String[] args) throws IOException {
        int at = 0;
        while (at < args.length && args[at].startsWith("-")) at++;
        if (at == args.length) return args;
        CommandLine sub = new CommandLine(new Main()).getSubcommands().get(args[at]);
        if (sub == null || sub.getCommandSpec().findOption(OPTION) == null) return args;
        CommandSpec spec = sub.getCommandSpec();
        Set<OptionSpec> given = new HashSet<>();
        Path file = null;
        for (int i = at + 1; i < args.length && !args[i].equals("--"); i++) {
            String name = args[i].contains("=") ? args[i].substring(0, args[i].indexOf('=')) : args[i];
            OptionSpec o = name.startsWith("-") ? spec.findOption(name) : null;
            if (o == null) continue;
            given.add(o);
            if (o.longestName().equals(OPTION)) file = Path.of(args[i].contains("=") ? args[i].substring(name.length() + 1) : i + 1 < args.length ? args[i + 1] : "");
        }
        if (file == null) return args;
        List<String> fromFile = new ArrayList<>();
        for (Map.Entry<String, Object> e : read(file).entrySet()) {
            OptionSpec o = spec.findOption("--" + e.getKey().replace('_', '-'));
            if (o == null || NOT_SETTINGS.contains(o.longestName()))
                throw new IllegalArgumentException(file + ": unknown key '" + e.getKey() + "' for " + spec.name() + " (keys: " + String.join(", ", keys(spec)) + ")");
            if (!given.contains(o)) fromFile.addAll(arguments(file, e.getKey(), o, e.getValue()));
        }
        List<String> out = new ArrayList<>(Arrays.asList(args).subList(0, at + 1));
        out.addAll(fromFile);
        out.addAll(Arrays.asList(args).subList(at + 1, args.length));
        return out.toArray(String[]::new);
    }

    /** The settings of a parsed command (file and command line merged), in option order, as YAML that --config reads back. */
    static String yaml(CommandSpec spec) {
        DumperOptions o = new DumperOptions();
        o.setDefaultFlowStyle(DumperOptions.FlowStyle.BLOCK);
        o.setSplitLines(false);
        return new Yaml(o).dump(settings(spec));
    }

    static Map<String, Object> settings(CommandSpec spec) {
        Map<String, Object> out = new LinkedHashMap<>();
        for (OptionSpec o : spec.options()) {
            if (NOT_SETTINGS.contains(o.longestName())) continue;
            out.put(o.longestName().substring(2), plain(o.getValue()));
        }
        return out;
    }

    static List<String> keys(CommandSpec spec) {
        return new ArrayList<>(settings(spec).keySet());
    }

    /** Values as YAML/JSON scalars and lists (paths as strings, arrays as lists). */
    private static Object plain(Object v) {
        if (v == null || v instanceof Boolean || v instanceof Number || v instanceof String) return v;
        if (v.getClass().isArray()) {
            List<Object> l = new ArrayList<>();
            for (int i = 0; i < Array.getLength(v); i++) l.add(plain(Array.get(v, i)));
            return l;
        }
        if (v instanceof Collection<?> c) return c.stream().map(ConfigFile::plain).toList();
        return v.toString();
    }

    /** The command-line arguments that set option {@code o} to a value from the file. */
    private static List<String> arguments(Path file, String key, OptionSpec o, Object value) {
        String name = o.longestName();
        if (value == null) return List.of(); // unset, as --print-config writes it
        if (o.arity().max() == 0) { // a flag
            if (!(value instanceof Boolean b)) throw new IllegalArgumentException(file + ": '" + key + "' is a flag: true or false, not " + value);
            return b ? List.of(name) : List.of();
        }
        if (value instanceof Map) throw new IllegalArgumentException(file + ": '" + key + "' takes a value or a list, not a mapping");
        if (!(value instanceof List<?> list)) return List.of(name, String.valueOf(value));
        List<String> items = list.stream().map(String::valueOf).toList();
        if (!o.splitRegex().isEmpty()) return items.isEmpty() ? List.of() : List.of(name, String.join(",", items));
        if (o.arity().max() > 1) {
            List<String> out = new ArrayList<>(List.of(name));
            out.addAll(items);
            return out;
        }
        if (o.isMultiValue()) {
            List<String> out = new ArrayList<>();
            for (String it : items) out.addAll(List.of(name, it));
            return out;
        }
        throw new IllegalArgumentException(file + ": '" + key + "' takes one value, not a list");
    }

    /** A JSON (.json) or YAML file whose top level is a mapping. */
    static Map<String, Object> read(Path file) throws IOException {
        if (!Files.isRegularFile(file)) throw new NoSuchFileException(file.toString(), null, "configuration file not found");
        Object root;
        try (Reader r = Files.newBufferedReader(file)) {
            root = file.getFileName().toString().toLowerCase().endsWith(".json") ? fromJson(JsonParser.parseReader(r))
                    : new Yaml(new SafeConstructor(new LoaderOptions())).load(r);
        } catch (JsonParseException | YAMLException e) {
            throw new IllegalArgumentException(file + ": not valid " + (file.toString().endsWith(".json") ? "JSON" : "YAML") + ": "
                    + Main.message(e).lines().findFirst().orElse(""), e);
        }
        if (root == null) return Map.of();
        if (!(root instanceof Map<?, ?> m)) throw new IllegalArgumentException(file + ": the top level must be a mapping of option names to values");
        Map<String, Object> out = new LinkedHashMap<>();
        m.forEach((k, v) -> out.put(String.valueOf(k), v));
        return out;
    }

    /** Numbers keep their text (60 stays 60, not 60.0) so that picocli converts them as typed. */
    private static Object fromJson(JsonElement e) {
        if (e.isJsonNull()) return null;
        if (e.isJsonArray()) {
            List<Object> l = new ArrayList<>();
            for (JsonElement x : (JsonArray) e) l.add(fromJson(x));
            return l;
        }
        if (e.isJsonObject()) {
            Map<String, Object> m = new LinkedHashMap<>();
            e.getAsJsonObject().entrySet().forEach(x -> m.put(x.getKey(), fromJson(x.getValue())));
            return m;
        }
        JsonPrimitive p = e.getAsJsonPrimitive();
        return p.isBoolean() ? (Object) p.getAsBoolean() : p.getAsString();
    }
}
