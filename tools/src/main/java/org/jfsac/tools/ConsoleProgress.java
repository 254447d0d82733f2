package org.jfsac.tools;

import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import org.jfsac.fsac.pipeline.Progress;

/** Progress bars on stderr. */
final class ConsoleProgress implements Progress {
    @Override public Task start(String name, long total) {
        ProgressBar bar = new ProgressBarBuilder().setTaskName(name).setInitialMax(total).setStyle(ProgressBarStyle.ASCII)
                .setConsumer(new ConsoleProgressBarConsumer(System.err)).setUpdateIntervalMillis(500).build();
        return new Task() {
            @Override public void step(long n) { bar.stepBy(n); }
            @Override public void close() { bar.close(); }
        };
    }

    @Override public void log(String message) { System.err.println(message); }
}
