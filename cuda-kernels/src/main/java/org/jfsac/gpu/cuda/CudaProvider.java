package org.jfsac.gpu.cuda;

import java.util.ArrayList;
import java.util.List;
import org.jfsac.core.backend.Backend;
import org.jfsac.core.backend.BackendProvider;

/**
 * Offers CUDA devices to {@link org.jfsac.core.backend.Devices} (kind "cuda", tried before OpenCL).
 * {@link #probe()} never throws: without a driver or device it returns an empty list and the reason.
 * Backends are opened with {@link CudaOptions#fromSystemProperties()}.
 */
public final class CudaProvider implements BackendProvider {

    /** Lower than OpenCL's, so {@code --device auto} tries CUDA first. */
    public static final int PRIORITY = 10;

    @Override
    public String kind() { return "cuda"; }

    @Override
    public int priority() { return PRIORITY; }

    @Override
    public List<DeviceInfo> probe() {
        List<DeviceInfo> list = new ArrayList<>();
        for (CudaDriver.Device d : CudaDriver.probe().devices()) list.add(new DeviceInfo("cuda", d.index(), d.name(), true));
        return List.copyOf(list);
    }

    @Override
    public String unavailableReason() { return CudaDriver.probe().reason(); }

    @Override
    public Backend open(int index) { return CudaBackend.open(index, CudaOptions.fromSystemProperties()); }
}
