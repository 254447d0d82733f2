package org.jfsac.tools;

import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.nio.file.Path;
import java.util.Map;

/** --config FILE and --print-config (see {@link ConfigFile}); Main expands the file before parsing. */
final class ConfigOptions {
    @Option(names = ConfigFile.OPTION, paramLabel = "FILE",
            description = "read options from a JSON or YAML file (keys: the long option names without --, e.g. epochs: 60, shots: [1, 2]); "
                    + "options on the command line override it")
    Path file;

    // help = true: required options need not be given for a template (picocli then skips their check).
    @Option(names = ConfigFile.PRINT, help = true, description = "print the effective configuration (file and command line merged) as YAML that --config reads, and exit")
    boolean print;

    @Spec(Spec.Target.MIXEE) CommandSpec command;

    /** Prints the configuration when asked (true: the command has nothing else to do). */
    boolean printIfAsked() {
        if (print) System.out.print(ConfigFile.yaml(command));
        return print;
    }

    /** The settings behind a run, for its report header: the command, the file it read and every option's value. */
    void describe(Map<String, String> desc) {
        // The arguments as parsed: a --config file's options appear expanded, so the line reproduces the run alone.
        desc.put("command", "jfsac " + String.join(" ", command.commandLine().getParseResult().originalArgs()));
        StringBuilder set = new StringBuilder(); // unset options and false flags left out: their defaults are documented
        ConfigFile.settings(command).forEach((k, v) -> {
            if (v != null && !Boolean.FALSE.equals(v)) set.append(set.isEmpty() ? "" : "; ").append(k).append(": ").append(v);
        });
        desc.put("options in effect", set.toString());
    }
}
