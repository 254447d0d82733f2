package org.jfsac.clip.tokenizer;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/**
 * CLIP's byte-level BPE tokenizer, as OpenCLIP 2.24's {@code SimpleTokenizer} with its default
 * cleaning ("lower") and {@code tokenize()}: the same ids for the same text.
 *
 * <p>Text is cleaned ({@link #clean}), split by OpenCLIP's pre-tokenizer regex, each piece's UTF-8
 * bytes written as {@link ByteLevel} characters and merged by {@link Bpe}. The vocabulary is
 * the 256 byte characters, the same with "&lt;/w&gt;", the first 48,894 merges of
 * {@code bpe_simple_vocab_16e6.txt.gz} and the two special tokens: 49,408 ids.
 *
 * <p>Thread-safe: the only mutable state is the per-piece cache, a {@link ConcurrentHashMap}.
 */
public final class ClipTokenizer {
    public static final String VOCABULARY_FILE_NAME = "bpe_simple_vocab_16e6.txt.gz";
    public static final int START_OF_TEXT = 49406;
    public static final int END_OF_TEXT = 49407;
    public static final int DEFAULT_CONTEXT_LENGTH = 77;
    /** OpenCLIP keeps {@code merges[1:49152-256-2+1]}: line 0 of the file is a header. */
    static final int MERGE_COUNT = 49152 - 256 - 2;

    private static final String START_TOKEN = "<start_of_text>";
    private static final String END_TOKEN = "<end_of_text>";
    /**
     * OpenCLIP's pattern, compiled by the {@code regex} module with IGNORECASE. Java's
     * {@code \p{L}} and {@code \p{N}} are Unicode already; UNICODE_CHARACTER_CLASS makes {@code \s}
     * Unicode White_Space as in Python. The special tokens come first, so text that spells them
     * gets their ids, as in OpenCLIP.
     */
    private static final Pattern PRE_TOKENIZER = Pattern.compile(
            "<start_of_text>|<end_of_text>|'s|'t|'re|'ve|'m|'ll|'d|[\\p{L}]+|[\\p{N}]|[^\\s\\p{L}\\p{N}]+",
            Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE | Pattern.UNICODE_CHARACTER_CLASS);
    private static final Pattern WHITESPACE = Pattern.compile("\\s+", Pattern.UNICODE_CHARACTER_CLASS);
    /** Past this many cached pieces new ones are merged without being kept: bounds memory. */
    private static final int CACHE_LIMIT = 1 << 17;

    private final Map<String, Integer> encoder;
    private final String[] decoder;
    private final Bpe bpe;
    private final ConcurrentHashMap<String, int[]> cache = new ConcurrentHashMap<>();

    private ClipTokenizer(List<String[]> merges) {
        List<String> vocab = new ArrayList<>(2 * 256 + merges.size() + 2);
        for (int b : ByteLevel.BYTES_IN_VOCAB_ORDER) {
            vocab.add(String.valueOf(ByteLevel.charOf(b)));
        }
        for (int b : ByteLevel.BYTES_IN_VOCAB_ORDER) {
            vocab.add(ByteLevel.charOf(b) + Bpe.END_OF_WORD);
        }
        for (String[] merge : merges) {
            vocab.add(merge[0] + merge[1]);
        }
        vocab.add(START_TOKEN);
        vocab.add(END_TOKEN);
        decoder = vocab.toArray(new String[0]);
        encoder = new HashMap<>(vocab.size() * 2);
        for (int id = 0; id < decoder.length; id++) {
            encoder.put(decoder[id], id); // a repeated string takes its later id, as in Python's dict
        }
        bpe = new Bpe(merges);
    }

    /**
     * A tokenizer with no merges: every text becomes its byte-level symbols (ids below 512), with CLIP's
     * start/end ids. It needs no vocabulary file, for models with random weights (the demo) where the
     * real BPE merges add nothing; never use it with a pretrained checkpoint.
     */
    public static ClipTokenizer bytesOnly() {
        return new ClipTokenizer(List.of());
    }

    /** Reads the gzipped merges file ({@code bpe_simple_vocab_16e6.txt.gz}). */
    public static ClipTokenizer load(Path bpeGz) throws IOException {
        try (InputStream in = Files.newInputStream(bpeGz)) {
            return read(in, bpeGz.toString());
        }
    }

    /**
     * The CLIP BPE vocabulary bundled in this jar (the file OpenCLIP ships inside its package, MIT licence in
     * {@code LICENSE-open_clip.txt} beside it). Read once, then shared: the tokenizer is thread-safe.
     */
    public static ClipTokenizer bundled() throws IOException {
        ClipTokenizer t = bundled;
        if (t == null) {
            synchronized (ClipTokenizer.class) {
                if ((t = bundled) == null) {
                    try (InputStream in = ClipTokenizer.class.getResourceAsStream(VOCABULARY_FILE_NAME)) {
                        if (in == null) {
                            throw new IOException("the bundled " + VOCABULARY_FILE_NAME + " is missing from the jar");
                        }
                        bundled = t = read(in, "bundled " + VOCABULARY_FILE_NAME);
                    }
                }
            }
        }
        return t;
    }

    private static volatile ClipTokenizer bundled;

    /**
     * The tokenizer a command uses: {@code explicitBpe} when given (it must exist), else a vocabulary file
     * beside the checkpoint or in {@code $JFSAC_HOME} (see {@link #locate}), else the {@link #bundled()} one.
     */
    public static ClipTokenizer forCheckpoint(Path explicitBpe, Path checkpoint) throws IOException {
        Path file;
        try {
            file = locate(explicitBpe, checkpoint);
        } catch (NoSuchFileException e) {
            if (explicitBpe != null) {
                throw e;
            }
            return bundled();
        }
        return load(file);
    }

    private static ClipTokenizer read(InputStream raw, String name) throws IOException {
        String text;
        try (InputStream in = new GZIPInputStream(raw)) {
            text = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(in.readAllBytes())).toString();
        } catch (ZipException | java.io.EOFException e) {
            throw new IOException(name + ": not a complete gzip file (" + e.getMessage() + "); expected the CLIP BPE merges "
                    + VOCABULARY_FILE_NAME, e);
        } catch (CharacterCodingException e) {
            throw new IOException(name + ": not UTF-8 text; expected the CLIP BPE merges " + VOCABULARY_FILE_NAME, e);
        }
        String[] lines = text.split("\n", MERGE_COUNT + 2);
        if (lines.length < MERGE_COUNT + 1) {
            throw new IOException(name + ": holds " + Math.max(0, lines.length - 1) + " merge lines after the header, "
                    + "CLIP needs " + MERGE_COUNT + " (is it " + VOCABULARY_FILE_NAME + "?)");
        }
        List<String[]> merges = new ArrayList<>(MERGE_COUNT);
        for (int i = 1; i <= MERGE_COUNT; i++) {
            String[] pair = lines[i].trim().split(" ");
            if (pair.length != 2 || pair[0].isEmpty()) {
                throw new IOException(name + ": line " + (i + 1) + " is not a merge \"a b\": \""
                        + lines[i].substring(0, Math.min(80, lines[i].length())) + "\"");
            }
            merges.add(pair);
        }
        return new ClipTokenizer(merges);
    }

    /**
     * Where the vocabulary file is: {@code explicitBpe} when given (it must exist), else
     * {@value #VOCABULARY_FILE_NAME} beside {@code checkpoint} (inside it, if it is a folder), else in
     * {@code $JFSAC_HOME}. Either argument may be null.
     *
     * @throws NoSuchFileException naming every place looked at
     */
    public static Path locate(Path explicitBpe, Path checkpoint) throws NoSuchFileException {
        return locate(explicitBpe, checkpoint, System.getenv("JFSAC_HOME"));
    }

    static Path locate(Path explicitBpe, Path checkpoint, String jfsacHome) throws NoSuchFileException {
        if (explicitBpe != null) {
            if (Files.isRegularFile(explicitBpe)) {
                return explicitBpe;
            }
            throw new NoSuchFileException(explicitBpe.toString(), null,
                    "the CLIP BPE vocabulary given explicitly does not exist or is not a file");
        }
        List<Path> candidates = new ArrayList<>();
        if (checkpoint != null) {
            Path folder = Files.isDirectory(checkpoint) ? checkpoint : checkpoint.toAbsolutePath().getParent();
            candidates.add(folder.resolve(VOCABULARY_FILE_NAME));
        }
        if (jfsacHome != null && !jfsacHome.isBlank()) {
            candidates.add(Path.of(jfsacHome).resolve(VOCABULARY_FILE_NAME));
        }
        for (Path candidate : candidates) {
            if (Files.isRegularFile(candidate)) {
                return candidate;
            }
        }
        String looked = candidates.isEmpty() ? "nowhere (no checkpoint given)" : candidates.toString();
        throw new NoSuchFileException(VOCABULARY_FILE_NAME, null, "CLIP BPE vocabulary not found; looked at "
                + looked + (jfsacHome == null || jfsacHome.isBlank() ? ", and JFSAC_HOME is not set" : "")
                + ". Pass its path, or put it beside the checkpoint or in $JFSAC_HOME");
    }

    /**
     * OpenCLIP's cleaning: ftfy ({@link FtfyLite}, see there for what is left out),
     * {@code html.unescape} twice, whitespace runs to one space, stripped, lower-cased.
     */
    public static String clean(String text) {
        String fixed = FtfyLite.fixText(text);
        fixed = HtmlUnescape.unescape(HtmlUnescape.unescape(fixed));
        fixed = WHITESPACE.matcher(fixed).replaceAll(" ").strip();
        return fixed.toLowerCase(Locale.ROOT);
    }

    /** BPE ids of the text, without start/end tokens and without truncation. */
    public int[] encode(String text) {
        Matcher pieces = PRE_TOKENIZER.matcher(clean(text));
        int[] ids = new int[16];
        int count = 0;
        while (pieces.find()) {
            int[] pieceIds = idsOf(pieces.group());
            if (count + pieceIds.length > ids.length) {
                ids = Arrays.copyOf(ids, Math.max(2 * ids.length, count + pieceIds.length));
            }
            System.arraycopy(pieceIds, 0, ids, count, pieceIds.length);
            count += pieceIds.length;
        }
        return Arrays.copyOf(ids, count);
    }

    /**
     * One row per text: start token, ids, end token, zero padding to {@code contextLength}; a text
     * too long is cut and its last kept id replaced by the end token, as OpenCLIP does.
     */
    public int[][] tokenize(List<String> texts, int contextLength) {
        if (contextLength < 1) {
            throw new IllegalArgumentException("context length must be at least 1, got " + contextLength);
        }
        if (contextLength > org.jfsac.core.limits.Limit.CONTEXT_LENGTH.value()) {
            throw new IllegalArgumentException("context length " + contextLength + " " + org.jfsac.core.limits.Limit.CONTEXT_LENGTH.exceeded());
        }
        int[][] rows = new int[texts.size()][];
        for (int t = 0; t < rows.length; t++) {
            int[] ids = encode(texts.get(t));
            int[] row = new int[contextLength];
            row[0] = START_OF_TEXT;
            int kept = Math.min(ids.length, contextLength - 1);
            System.arraycopy(ids, 0, row, 1, kept);
            row[Math.min(kept + 1, contextLength - 1)] = END_OF_TEXT;
            rows[t] = row;
        }
        return rows;
    }

    /** {@link #tokenize(List, int)} with CLIP's context length of 77. */
    public int[][] tokenize(List<String> texts) {
        return tokenize(texts, DEFAULT_CONTEXT_LENGTH);
    }

    /**
     * The text of the ids as OpenCLIP's {@code decode}: bytes decoded as UTF-8 (bad sequences
     * replaced), each "&lt;/w&gt;" turned into a space. Padding and special tokens are decoded too
     * (id 0 is "!", the specials are their names): strip them first if unwanted.
     */
    public String decode(int[] ids) {
        StringBuilder symbols = new StringBuilder();
        for (int id : ids) {
            if (id < 0 || id >= decoder.length) {
                throw new IllegalArgumentException("token id " + id + " is outside the vocabulary [0, "
                        + decoder.length + ")");
            }
            symbols.append(decoder[id]);
        }
        byte[] bytes = new byte[symbols.length()];
        for (int i = 0; i < bytes.length; i++) {
            bytes[i] = (byte) ByteLevel.byteOf(symbols.charAt(i));
        }
        return new String(bytes, StandardCharsets.UTF_8).replace(Bpe.END_OF_WORD, " ");
    }

    public int vocabularySize() {
        return decoder.length;
    }

    private int[] idsOf(String piece) {
        if (piece.equals(START_TOKEN)) {
            return new int[] {START_OF_TEXT};
        }
        if (piece.equals(END_TOKEN)) {
            return new int[] {END_OF_TEXT};
        }
        int[] cached = cache.get(piece);
        if (cached != null) {
            return cached;
        }
        List<String> symbols = bpe.apply(ByteLevel.encode(piece.getBytes(StandardCharsets.UTF_8)));
        int[] ids = new int[symbols.size()];
        for (int i = 0; i < ids.length; i++) {
            Integer id = encoder.get(symbols.get(i));
            if (id == null) {
                throw new IllegalStateException("BPE produced \"" + symbols.get(i) + "\", which is not in the "
                        + "vocabulary: the merges file is not CLIP's");
            }
            ids[i] = id;
        }
        if (cache.size() < CACHE_LIMIT) {
            cache.putIfAbsent(piece, ids);
        }
        return ids;
    }
}
