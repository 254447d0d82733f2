package org.jfsac.tools;

import org.jfsac.fsac.pipeline.RunMerge;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

/** Reports over finished run folders: --merge joins the parts of one run (e.g. one --seed-list per machine). */
@Command(name = "report", mixinStandardHelpOptions = true,
        description = "Merge run folders of the same settings (e.g. made with different --seed-list) into one folder: "
                + "results.csv, results.md, report.html, scores/, shots/, saliency/, run.json. Folders of other settings, "
                + "or that disagree on a combination both ran, are refused.")
final class ReportCommand implements Callable<Integer> {
    @Option(names = "--merge", required = true, arity = "1..*", paramLabel = "DIR", description = "run folders to merge")
    List<Path> merge;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "folder for the merged run (must hold no results)")
    Path out;

    @Override public Integer call() throws Exception {
        RunMerge.merge(merge, out);
        System.out.println(Files.readString(out.resolve("results.md")));
        System.err.println("merged " + merge.size() + " folders into " + out);
        return 0;
    }
}
