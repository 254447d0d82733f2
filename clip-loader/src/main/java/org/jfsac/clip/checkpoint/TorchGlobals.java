package org.jfsac.clip.checkpoint;

import net.razorvine.pickle.IObjectConstructor;
import org.jfsac.core.io.ElementType;

import java.math.BigInteger;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The only Python globals a checkpoint may name. Everything a state dict needs is here; any other
 * global (os.system, builtins.eval, argparse.Namespace, numpy scalars ...) is refused before
 * anything is constructed, like PyTorch's own {@code weights_only=True} loading.
 */
final class TorchGlobals {
    private TorchGlobals() {}

    /** A storage class such as torch.FloatStorage: only ever an argument of a persistent id, never called. */
    record StorageType(String name, ElementType type) implements IObjectConstructor {
        @Override
        public Object construct(Object[] args) {
            throw new CheckpointContentException("the pickle calls " + name + ", which a state dict never does");
        }
    }

    /** A dtype constant such as torch.float32; a value, never called. */
    record DType(String name) implements IObjectConstructor {
        @Override
        public Object construct(Object[] args) {
            throw new CheckpointContentException("the pickle calls " + name + ", which a state dict never does");
        }
    }

    private static final Map<String, IObjectConstructor> ALLOWED = new LinkedHashMap<>();

    static {
        ALLOWED.put("collections.OrderedDict", TorchGlobals::orderedDict);
        ALLOWED.put("torch._utils._rebuild_tensor_v2", TorchGlobals::rebuildTensor);
        ALLOWED.put("torch._utils._rebuild_parameter", TorchGlobals::rebuildParameter);
        ALLOWED.put("torch._utils._rebuild_parameter_with_state", TorchGlobals::rebuildParameter);
        ALLOWED.put("torch.Size", args -> args.length == 1 ? args[0] : new Object[0]);
        storage("FloatStorage", ElementType.FLOAT32);
        storage("HalfStorage", ElementType.FLOAT16);
        storage("BFloat16Storage", ElementType.BFLOAT16);
        storage("DoubleStorage", ElementType.FLOAT64);
        storage("LongStorage", ElementType.INT64);
        storage("IntStorage", ElementType.INT32);
        storage("ShortStorage", ElementType.INT16);
        storage("CharStorage", ElementType.INT8);
        storage("ByteStorage", ElementType.UINT8);
        storage("BoolStorage", ElementType.BOOL);
        for (String d : new String[] {"float32", "float16", "bfloat16", "float64", "int64", "int32", "int16", "int8", "uint8", "bool"}) {
            ALLOWED.put("torch." + d, new DType("torch." + d));
        }
    }

    private static void storage(String name, ElementType type) {
        ALLOWED.put("torch." + name, new StorageType("torch." + name, type));
    }

    /** The constructor for an allowed global, or null when the global is not allowed. */
    static IObjectConstructor lookup(String module, String name) {
        return ALLOWED.get(module + "." + name);
    }

    private static Object orderedDict(Object[] args) {
        if (args.length != 0) throw new CheckpointContentException("collections.OrderedDict called with arguments");
        return new LinkedHashMap<>();
    }

    /** (storage, storage_offset, size, stride, requires_grad, backward_hooks[, metadata]). */
    private static Object rebuildTensor(Object[] args) {
        if (args.length < 4 || !(args[0] instanceof StorageRef storage)
                || !(args[2] instanceof Object[] size) || !(args[3] instanceof Object[] stride)
                || size.length != stride.length) {
            throw new CheckpointContentException("malformed arguments to torch._utils._rebuild_tensor_v2");
        }
        long offset = nonNegative(args[1], "storage offset");
        int[] dims = new int[size.length];
        long[] strides = new long[size.length];
        for (int i = 0; i < size.length; i++) {
            long d = nonNegative(size[i], "size");
            if (d > Integer.MAX_VALUE) throw new CheckpointContentException("tensor dimension " + d + " is too large");
            dims[i] = (int) d;
            strides[i] = nonNegative(stride[i], "stride");
        }
        return new TensorRef(storage, offset, dims, strides);
    }

    /** (data, requires_grad, backward_hooks[, state]): a Parameter is just its tensor here. */
    private static Object rebuildParameter(Object[] args) {
        if (args.length < 1 || !(args[0] instanceof TensorRef t)) {
            throw new CheckpointContentException("malformed arguments to torch._utils._rebuild_parameter");
        }
        return t;
    }

    static long nonNegative(Object o, String what) {
        long v;
        if (o instanceof Integer i) v = i;
        else if (o instanceof Long l) v = l;
        else if (o instanceof BigInteger b && b.bitLength() < 63) v = b.longValue();
        else throw new CheckpointContentException(what + " is not an integer: " + org.jfsac.core.errors.ErrorLine.describe(o));
        if (v < 0) throw new CheckpointContentException(what + " is negative: " + v);
        return v;
    }
}
