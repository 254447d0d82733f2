package org.jfsac.clip.tokenizer;

/**
 * CLIP's {@code bytes_to_unicode}: every byte value gets a printable character, so that BPE can
 * work on text made of any UTF-8 bytes without whitespace or control characters in its symbols.
 * Printable Latin-1 bytes stand for themselves; the other 68 map to U+0100 onwards, in byte order.
 */
final class ByteLevel {
    /** The byte values in the order OpenCLIP lists them, which is the order of the first 256 ids. */
    static final int[] BYTES_IN_VOCAB_ORDER = new int[256];
    private static final char[] BYTE_TO_CHAR = new char[256];
    /** Indexed by character; -1 where the character stands for no byte. */
    private static final int[] CHAR_TO_BYTE = new int[256 + 68];

    static {
        int count = 0;
        boolean[] printable = new boolean[256];
        for (int b = 0; b < 256; b++) {
            printable[b] = (b >= '!' && b <= '~') || (b >= 0xA1 && b <= 0xAC) || (b >= 0xAE && b <= 0xFF);
            if (printable[b]) {
                BYTES_IN_VOCAB_ORDER[count++] = b;
                BYTE_TO_CHAR[b] = (char) b;
            }
        }
        int n = 0;
        for (int b = 0; b < 256; b++) {
            if (!printable[b]) {
                BYTES_IN_VOCAB_ORDER[count++] = b;
                BYTE_TO_CHAR[b] = (char) (256 + n++);
            }
        }
        java.util.Arrays.fill(CHAR_TO_BYTE, -1);
        for (int b = 0; b < 256; b++) {
            CHAR_TO_BYTE[BYTE_TO_CHAR[b]] = b;
        }
    }

    private ByteLevel() {
    }

    static char charOf(int unsignedByte) {
        return BYTE_TO_CHAR[unsignedByte];
    }

    /** The characters standing for the bytes of {@code utf8}. */
    static String encode(byte[] utf8) {
        char[] out = new char[utf8.length];
        for (int i = 0; i < utf8.length; i++) {
            out[i] = BYTE_TO_CHAR[utf8[i] & 0xFF];
        }
        return new String(out);
    }

    /** The byte a character stands for; -1 if it stands for none. */
    static int byteOf(char c) {
        return c < CHAR_TO_BYTE.length ? CHAR_TO_BYTE[c] : -1;
    }
}
