package org.jfsac.clip.image;

import javax.imageio.stream.ImageInputStreamImpl;

/**
 * An image stream over bytes already in memory, without the copy (and temporary file) that
 * {@code ImageIO.createImageInputStream(InputStream)} makes: the bytes form of {@link ImageFile} decodes
 * through it exactly as the file form decodes through a {@code FileImageInputStream}.
 */
final class ByteArrayImageInputStream extends ImageInputStreamImpl {
    private final byte[] bytes;

    ByteArrayImageInputStream(byte[] bytes) {
        this.bytes = bytes;
    }

    @Override
    public int read() {
        bitOffset = 0;
        return streamPos < bytes.length ? bytes[(int) streamPos++] & 0xFF : -1;
    }

    @Override
    public int read(byte[] b, int off, int len) {
        java.util.Objects.checkFromIndexSize(off, len, b.length);
        bitOffset = 0;
        if (len == 0) return 0;
        if (streamPos >= bytes.length) return -1;
        int n = (int) Math.min(len, bytes.length - streamPos);
        System.arraycopy(bytes, (int) streamPos, b, off, n);
        streamPos += n;
        return n;
    }

    @Override
    public long length() {
        return bytes.length;
    }
}
