package org.jfsac.clip.checkpoint;

import org.jfsac.core.io.TensorFormatException;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;

/**
 * An archive entry's bytes, checked as they stream: never more than the entry declares (a deflate
 * bomb stops at the declared size), and on reaching the end its size and CRC-32 must match the
 * archive's record, so a bit flip in the weights is an error instead of a silently different model.
 * {@link ZipFile} itself checks neither, and neither does PyTorch.
 */
final class CheckedZipEntry extends FilterInputStream {
    /** Deflate cannot compress better than about 1032:1; a larger claimed ratio is a lie or a bomb. */
    private static final long MAX_DEFLATE_RATIO = 1100;

    private final String what;
    private final long size;
    private final long crc;
    private final CRC32 actual = new CRC32();
    private long count;

    private CheckedZipEntry(InputStream in, String what, ZipEntry e) {
        super(in);
        this.what = what;
        this.size = e.getSize();
        this.crc = e.getCrc();
    }

    /** Opens {@code entry}; {@code what} names the file and entry in errors. */
    static CheckedZipEntry open(ZipFile zip, ZipEntry entry, String what) throws IOException {
        if (entry.getMethod() == ZipEntry.DEFLATED && entry.getSize() > MAX_DEFLATE_RATIO * Math.max(1, entry.getCompressedSize())) {
            throw new TensorFormatException(what + " claims " + entry.getSize() + " bytes from " + entry.getCompressedSize()
                    + " compressed, more than deflate can achieve (corrupt or a decompression bomb)");
        }
        try {
            return new CheckedZipEntry(zip.getInputStream(entry), what, entry);
        } catch (ZipException ex) {
            throw new TensorFormatException(what + ": corrupt archive entry: " + ex.getMessage(), ex);
        }
    }

    @Override
    public int read() throws IOException {
        int b = guarded(() -> super.read());
        if (b < 0) atEnd();
        else account(new byte[] {(byte) b}, 0, 1);
        return b;
    }

    @Override
    public int read(byte[] buf, int off, int len) throws IOException {
        int n = guarded(() -> super.read(buf, off, len));
        if (n < 0) atEnd();
        else account(buf, off, n);
        return n;
    }

    @Override
    public long skip(long n) throws IOException {
        // skipping would bypass the checksum: read instead
        byte[] sink = new byte[(int) Math.min(n, 8192)];
        int got = read(sink, 0, sink.length);
        return Math.max(got, 0);
    }

    @Override
    public boolean markSupported() { return false; }

    private void account(byte[] buf, int off, int n) throws TensorFormatException {
        count += n;
        if (size >= 0 && count > size) {
            throw new TensorFormatException(what + " holds more than the " + size + " bytes it declares (corrupt or a decompression bomb)");
        }
        actual.update(buf, off, n);
    }

    private void atEnd() throws TensorFormatException {
        if (size >= 0 && count != size) throw new TensorFormatException(what + " ends after " + count + " of its " + size + " bytes");
        if (crc >= 0 && actual.getValue() != crc) {
            throw new TensorFormatException(what + " fails its CRC-32 check (stored " + Long.toHexString(crc) + ", computed "
                    + Long.toHexString(actual.getValue()) + "): the file is corrupt");
        }
    }

    private interface Read { int get() throws IOException; }

    private int guarded(Read r) throws IOException {
        try {
            return r.get();
        } catch (ZipException e) {
            throw new TensorFormatException(what + ": corrupt compressed data: " + e.getMessage(), e);
        } catch (TensorFormatException e) {
            throw e;
        } catch (IOException e) {
            // the JDK's zip reader ends a damaged entry with a bare EOFException
            throw new TensorFormatException(what + ": cannot be read (" + e.getClass().getSimpleName()
                    + (e.getMessage() == null ? "" : ": " + e.getMessage()) + "): the archive is damaged", e);
        }
    }
}
