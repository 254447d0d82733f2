package org.jfsac.core.io;

import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The header of a .npy file: a Python dict literal such as
 * {@code {'descr': '<f4', 'fortran_order': False, 'shape': (2, 3), }}. Only the literal forms numpy
 * writes are accepted (quoted strings, True/False, tuples of ints); anything else is refused.
 */
record NpyHeader(ElementType type, ByteOrder order, int[] shape) {

    static NpyHeader parse(String text, String file) throws TensorFormatException {
        Map<String, Object> dict = new Literal(text, file).dict();
        Object descr = dict.get("descr");
        Object fortran = dict.get("fortran_order");
        Object shape = dict.get("shape");
        if (!(descr instanceof String d)) {
            throw new TensorFormatException(file + ": npy header has no string 'descr' (structured dtypes are not supported): " + text.strip());
        }
        if (!(fortran instanceof Boolean f)) throw new TensorFormatException(file + ": npy header has no 'fortran_order'");
        if (f) {
            throw new TensorFormatException(file + ": Fortran-order arrays are not supported; save with np.ascontiguousarray");
        }
        if (!(shape instanceof int[] s)) throw new TensorFormatException(file + ": npy header has no 'shape' tuple");
        return new NpyHeader(typeOf(d, file), orderOf(d, file), s);
    }

    private static ElementType typeOf(String descr, String file) throws TensorFormatException {
        String code = descr.length() > 1 ? descr.substring(1) : descr;
        return switch (code) {
            case "f8" -> ElementType.FLOAT64;
            case "f4" -> ElementType.FLOAT32;
            case "f2" -> ElementType.FLOAT16;
            case "i8" -> ElementType.INT64;
            case "i4" -> ElementType.INT32;
            case "i2" -> ElementType.INT16;
            case "i1" -> ElementType.INT8;
            case "u4" -> ElementType.UINT32;
            case "u2" -> ElementType.UINT16;
            case "u1" -> ElementType.UINT8;
            case "b1" -> ElementType.BOOL;
            case "O" -> throw new TensorFormatException(file + ": object arrays (dtype 'O') are refused: loading them would need pickle");
            default -> throw new TensorFormatException(file + ": unsupported npy dtype '" + descr + "'");
        };
    }

    private static ByteOrder orderOf(String descr, String file) throws TensorFormatException {
        return switch (descr.charAt(0)) {
            case '<', '|' -> ByteOrder.LITTLE_ENDIAN; // '|' = single-byte types, order irrelevant
            case '>' -> ByteOrder.BIG_ENDIAN;
            case '=' -> ByteOrder.nativeOrder();
            default -> throw new TensorFormatException(file + ": npy dtype '" + descr + "' has no byte-order mark");
        };
    }

    /** The dict literal numpy writes for this header (without padding). */
    String format() {
        String code = switch (type) {
            case FLOAT32 -> "<f4";
            case INT64 -> "<i8";
            default -> throw new IllegalStateException("npy writing supports float32 and int64, not " + type);
        };
        StringBuilder s = new StringBuilder("(");
        for (int i = 0; i < shape.length; i++) s.append(i > 0 ? ", " : "").append(shape[i]);
        s.append(shape.length == 1 ? ",)" : ")");
        return "{'descr': '" + code + "', 'fortran_order': False, 'shape': " + s + ", }";
    }

    /** A tiny recursive-descent parser for the dict literal. */
    private static final class Literal {
        private final String s;
        private final String file;
        private int i;

        Literal(String s, String file) {
            this.s = s;
            this.file = file;
        }

        Map<String, Object> dict() throws TensorFormatException {
            Map<String, Object> out = new LinkedHashMap<>();
            expect('{');
            while (peek() != '}') {
                Object key = value();
                if (!(key instanceof String k)) throw error("dict key must be a string");
                expect(':');
                out.put(k, value());
                if (peek() == ',') i++;
                else if (peek() != '}') throw error("expected ',' or '}'");
            }
            i++;
            return out;
        }

        private Object value() throws TensorFormatException {
            char c = peek();
            if (c == '\'' || c == '"') return string(c);
            if (c == '(') return tuple();
            if (s.startsWith("True", i)) { i += 4; return Boolean.TRUE; }
            if (s.startsWith("False", i)) { i += 5; return Boolean.FALSE; }
            throw error("unsupported value (structured dtypes are not supported)");
        }

        private String string(char quote) throws TensorFormatException {
            int end = s.indexOf(quote, i + 1);
            if (end < 0) throw error("unterminated string");
            String v = s.substring(i + 1, end);
            i = end + 1;
            return v;
        }

        private int[] tuple() throws TensorFormatException {
            expect('(');
            List<Integer> dims = new ArrayList<>();
            while (peek() != ')') {
                int start = i;
                while (i < s.length() && Character.isDigit(s.charAt(i))) i++;
                if (start == i) throw error("shape entries must be non-negative integers");
                if (i - start > 10) throw error("shape entry too large");
                long d = Long.parseLong(s.substring(start, i));
                if (d > Integer.MAX_VALUE) throw error("shape entry too large");
                if (i < s.length() && s.charAt(i) == 'L') i++; // Python 2 long suffix
                dims.add((int) d);
                if (peek() == ',') i++;
                else if (peek() != ')') throw error("expected ',' or ')'");
            }
            i++;
            return dims.stream().mapToInt(Integer::intValue).toArray();
        }

        private char peek() throws TensorFormatException {
            while (i < s.length() && Character.isWhitespace(s.charAt(i))) i++;
            if (i >= s.length()) throw error("unexpected end of header");
            return s.charAt(i);
        }

        private void expect(char c) throws TensorFormatException {
            if (peek() != c) throw error("expected '" + c + "'");
            i++;
        }

        private TensorFormatException error(String what) {
            return new TensorFormatException(file + ": malformed npy header at character " + i + ": " + what + ": " + s.strip());
        }
    }
}
