package org.jfsac.tools;

import picocli.CommandLine;
import picocli.CommandLine.Command;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/** The {@code jfsac} command line: one subcommand per job. */
@Command(name = "jfsac", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        description = "CLIP-FSAC++ few-shot anomaly classification on a pure-Java tensor core.",
        subcommands = {DemoCommand.class, RunCommand.class, FitCommand.class, PredictCommand.class, CalibrateCommand.class, ImportHeadCommand.class, EmbedCommand.class,
                TokenizeCommand.class, ConvertCommand.class, ReportCommand.class, SelfCheckCommand.class, CommandLine.HelpCommand.class})
public final class Main implements Runnable {

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs a command line and returns its exit code (0 ok, 1 failure, 2 usage). */
    public static int run(String... args) {
        // netlib logs its BLAS choice through java.util.logging; the device line already says it.
        java.util.logging.Logger.getLogger("dev.ludovic.netlib").setLevel(java.util.logging.Level.WARNING);
        CommandLine cl = new CommandLine(new Main());
        cl.setExecutionExceptionHandler((ex, commandLine, parseResult) -> {
            // One line for the user; the stack trace only when asked for.
            commandLine.getErr().println("jfsac " + commandLine.getCommandName() + ": " + message(ex));
            if (Boolean.getBoolean("jfsac.trace")) ex.printStackTrace(commandLine.getErr());
            return 1;
        });
        try {
            args = ConfigFile.expand(args); // --config FILE: the file's options, before the command line's own
        } catch (Exception e) {
            cl.getErr().println("jfsac: " + message(e));
            return 2;
        }
        return cl.execute(args);
    }

    static String message(Throwable t) {
        String m = t.getMessage();
        return m == null || m.isBlank() ? t.getClass().getSimpleName() : m;
    }

    @Override public void run() {
        new CommandLine(this).usage(System.out);
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override public String[] getVersion() throws IOException {
            Properties p = new Properties();
            try (InputStream in = Main.class.getResourceAsStream("version.properties")) {
                if (in != null) p.load(in);
            }
            return new String[]{"jfsac " + p.getProperty("version", "unknown") + " (Java " + System.getProperty("java.version") + ")"};
        }
    }
}
