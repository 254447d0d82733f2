package org.jfsac.tools;

import org.jfsac.core.backend.Backend;
import org.jfsac.core.nn.Activation;
import org.jfsac.core.random.Rng;
import org.jfsac.core.tensor.GradMode;
import org.jfsac.core.tensor.Tensor;
import org.jfsac.fsac.towers.ResidualBlock;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

import java.util.concurrent.Callable;

/**
 * A quick end-to-end check of the core on the chosen device: a transformer block forward and backward,
 * its input gradient against a central finite difference, and the timing.
 */
@Command(name = "selfcheck", mixinStandardHelpOptions = true,
        description = "Run a transformer block forward/backward and check the gradient numerically.")
final class SelfCheckCommand implements Callable<Integer> {
    @Mixin DeviceOption device;

    @Override public Integer call() {
        Backend be = device.open();
        Rng rng = new Rng(42);
        int width = 64, tokens = 17;
        ResidualBlock block = new ResidualBlock(be, width, 4, 4 * width, Activation.GELU, rng);
        Tensor x = rng.normal(be, 0, 1, 2, tokens, width).requiresGrad(true);
        Tensor r = rng.normal(be, 0, 1, 2, tokens, width);
        long t0 = System.nanoTime();
        Tensor loss = block.forward(x, false).mul(r).sum();
        loss.backward();
        long t1 = System.nanoTime();
        // Directional derivative along a random direction d: (L(x+hd) - L(x-hd)) / 2h vs <grad, d>.
        Tensor d = rng.normal(be, 0, 1, 2, tokens, width);
        float h = 1e-2f;
        double numeric, analytic = 0;
        try (GradMode g = GradMode.noGrad()) {
            double lp = block.forward(x.add(d.mul(h)), false).mul(r).sum().item();
            double lm = block.forward(x.sub(d.mul(h)), false).mul(r).sum().item();
            numeric = (lp - lm) / (2 * h);
            float[] ga = x.grad().toArray(), da = d.toArray();
            for (int i = 0; i < ga.length; i++) analytic += (double) ga[i] * da[i];
        }
        double rel = Math.abs(numeric - analytic) / Math.max(1e-9, Math.abs(numeric));
        System.out.printf("block forward+backward: %.1f ms; directional derivative autograd %.5f vs finite difference %.5f (rel. diff %.1e)%n",
                (t1 - t0) / 1e6, analytic, numeric, rel);
        boolean ok = rel < 1e-2;
        System.out.println(ok ? "selfcheck passed" : "selfcheck FAILED");
        return ok ? 0 : 1;
    }
}
