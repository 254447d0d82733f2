package org.jfsac.core.io;

import java.util.Map;

/** The dtype names of the safetensors format, their sizes, and which ones we can convert. */
final class SafeTensorsDType {
    private SafeTensorsDType() {}

    /** Size in bytes of every dtype the format defines (validation needs sizes even for types we cannot convert). */
    private static final Map<String, Integer> SIZES = Map.ofEntries(
            Map.entry("BOOL", 1), Map.entry("U8", 1), Map.entry("I8", 1),
            Map.entry("F8_E5M2", 1), Map.entry("F8_E4M3", 1), Map.entry("F8_E8M0", 1),
            Map.entry("I16", 2), Map.entry("U16", 2), Map.entry("F16", 2), Map.entry("BF16", 2),
            Map.entry("I32", 4), Map.entry("U32", 4), Map.entry("F32", 4),
            Map.entry("F64", 8), Map.entry("I64", 8), Map.entry("U64", 8));

    private static final Map<String, ElementType> CONVERTIBLE = Map.ofEntries(
            Map.entry("BOOL", ElementType.BOOL), Map.entry("U8", ElementType.UINT8), Map.entry("I8", ElementType.INT8),
            Map.entry("I16", ElementType.INT16), Map.entry("U16", ElementType.UINT16),
            Map.entry("F16", ElementType.FLOAT16), Map.entry("BF16", ElementType.BFLOAT16),
            Map.entry("I32", ElementType.INT32), Map.entry("U32", ElementType.UINT32),
            Map.entry("F32", ElementType.FLOAT32), Map.entry("F64", ElementType.FLOAT64), Map.entry("I64", ElementType.INT64));

    /** Bytes per element, or 0 for a name the format does not define. */
    static int size(String dtype) {
        return SIZES.getOrDefault(dtype, 0);
    }

    /** The element type to convert from, or null when this reader cannot convert the dtype. */
    static ElementType elementType(String dtype) {
        return CONVERTIBLE.get(dtype);
    }

    static String name(ElementType type) {
        return switch (type) {
            case FLOAT32 -> "F32";
            case FLOAT16 -> "F16";
            case BFLOAT16 -> "BF16";
            case INT64 -> "I64";
            default -> throw new IllegalArgumentException("safetensors writing supports F32, F16, BF16 and I64, not " + type);
        };
    }
}
