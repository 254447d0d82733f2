package org.jfsac.tools;

import org.jfsac.core.errors.ErrorLine;
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
    /** Pillow's decompression-bomb limit, for every command that reads images. */
    @CommandLine.Option(names = "--max-image-pixels", scope = CommandLine.ScopeType.INHERIT, paramLabel = "N",
            description = "refuse images with more pixels (default: Pillow's 178956970)")
    void maxImagePixels(long n) {
        if (n < 1) throw new CommandLine.ParameterException(new CommandLine(this), "--max-image-pixels must be positive");
        System.setProperty(org.jfsac.core.limits.Limit.IMAGE_PIXELS.property(), Long.toString(n));
    }

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs a command line and returns its exit code (0 ok, 1 failure, 2 usage). */
    public static int run(String... args) {
        // netlib logs its BLAS choice through java.util.logging; the device line already says it.
        java.util.logging.Logger.getLogger("dev.ludovic.netlib").setLevel(java.util.logging.Level.WARNING);
        CommandLine cl = new CommandLine(new Main());
        try {
            args = ConfigFile.expand(args); // --config FILE: the file's options, before the command line's own
        } catch (Exception e) {
            cl.getErr().println("jfsac: " + message(e));
            return 2;
        }
        return execute(cl, args);
    }

    /**
     * Runs {@code cl} so that every failure, an {@link Error} included (a stack overflow or out of
     * memory that a limit did not prevent), ends as one line on stderr and exit code 1.
     */
    static int execute(CommandLine cl, String... args) {
        cl.setExecutionExceptionHandler((ex, commandLine, parseResult) -> fail(commandLine, ex));
        try {
            return cl.execute(args);
        } catch (Throwable t) {
            // picocli passes Errors through; the last resort for them is here
            return fail(cl, t);
        }
    }

    private static int fail(CommandLine cl, Throwable t) {
        String command = cl.getParseResult() == null ? cl.getCommandName() : lastCommand(cl.getParseResult()).getCommandName();
        // One line for the user; the stack trace only when asked for.
        cl.getErr().println("jfsac " + command + ": " + message(t));
        if (Boolean.getBoolean("jfsac.trace")) t.printStackTrace(cl.getErr());
        cl.getErr().flush();
        return 1;
    }

    private static CommandLine lastCommand(CommandLine.ParseResult p) {
        while (p.hasSubcommand()) p = p.subcommand();
        return p.commandSpec().commandLine();
    }

    static String message(Throwable t) {
        return ErrorLine.format(t);
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
