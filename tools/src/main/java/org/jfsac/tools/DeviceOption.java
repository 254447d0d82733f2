package org.jfsac.tools;

import org.jfsac.core.backend.Backend;
import org.jfsac.core.backend.Devices;
import picocli.CommandLine.Option;

/** --device for every command that computes. */
final class DeviceOption {
    @Option(names = "--device", defaultValue = "auto", paramLabel = "SPEC",
            description = "auto, cpu, cuda[:N] or opencl[:N] (default: ${DEFAULT-VALUE}: CUDA, then an OpenCL GPU, then the CPU)")
    String device;

    Backend open() {
        Backend b = Devices.select(device);
        System.err.println(Devices.lastChoice());
        Devices.setDefault(b);
        return b;
    }
}
