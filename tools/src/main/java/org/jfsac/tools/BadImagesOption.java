package org.jfsac.tools;

import picocli.CommandLine.Option;

/** What a command does with an image it cannot decode (run, demo, fit). */
final class BadImagesOption {
    @Option(names = "--skip-bad-images", description = "leave out images that cannot be decoded (corrupt, truncated, over the pixel limit, "
            + "unreadable) and list them with the reason in the report and metadata; without it the first one stops the command, "
            + "naming the file, before any training")
    boolean skip;
}
