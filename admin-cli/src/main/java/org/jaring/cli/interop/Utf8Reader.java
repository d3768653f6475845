package org.jaring.cli.interop;

import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Decodes UTF-8 strictly (a {@link CharsetDecoder} that REPORTs malformed and unmappable input instead of
 * replacing it with U+FFFD), counting lines and bytes, so a bad byte is reported as "line 812, byte offset
 * 40211" rather than Java's "Input length = 1".
 */
final class Utf8Reader extends Reader {
    /** Bytes that are not UTF-8, with where they are. */
    static final class Malformed extends CharacterCodingException {
        private static final long serialVersionUID = 1L;
        final long line;
        final long byteOffset;

        Malformed(long line, long byteOffset) {
            this.line = line;
            this.byteOffset = byteOffset;
        }

        @Override
        public String getMessage() {
            return "line " + line + ": the bytes at byte offset " + byteOffset + " are not UTF-8; save the file as"
                    + " UTF-8 (or convert it, e.g. iconv -f WINDOWS-1252 -t UTF-8)";
        }
    }

    private final InputStream in;
    private final CharsetDecoder decoder = StandardCharsets.UTF_8
            .newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT);
    private final ByteBuffer bytes = ByteBuffer.allocate(64 * 1024);
    private final CharBuffer chars = CharBuffer.allocate(64 * 1024);
    /** Bytes decoded before the current content of {@link #bytes}. */
    private long consumed;
    /** Line of the next character handed out (1-based). */
    private long line = 1;

    private boolean eof;
    private boolean done;

    Utf8Reader(InputStream in) {
        this.in = in;
        bytes.flip();
        chars.flip();
    }

    @Override
    public int read(char[] buf, int off, int len) throws IOException {
        if (len == 0) {
            return 0;
        }
        while (!chars.hasRemaining()) {
            if (!fill()) {
                return -1;
            }
        }
        int n = Math.min(len, chars.remaining());
        chars.get(buf, off, n);
        for (int i = off; i < off + n; i++) {
            if (buf[i] == '\n') {
                line++;
            }
        }
        return n;
    }

    /** Decodes more characters; false at the end of the input. */
    private boolean fill() throws IOException {
        if (done) {
            return false;
        }
        chars.clear();
        try {
            while (true) {
                CoderResult result = decoder.decode(bytes, chars, eof);
                if (result.isError()) {
                    throw malformed();
                }
                if (chars.position() > 0) {
                    return true;
                }
                if (eof) {
                    decoder.flush(chars);
                    done = true;
                    return chars.position() > 0;
                }
                consumed += bytes.position();
                bytes.compact();
                int r = in.read(bytes.array(), bytes.position(), bytes.remaining());
                if (r < 0) {
                    eof = true;
                } else {
                    bytes.position(bytes.position() + r);
                }
                bytes.flip();
            }
        } finally {
            chars.flip();
        }
    }

    private Malformed malformed() {
        // The line of the bad bytes: the line breaks handed out, plus those decoded in this call.
        long l = line;
        for (int i = 0; i < chars.position(); i++) {
            if (chars.get(i) == '\n') {
                l++;
            }
        }
        return new Malformed(l, consumed + bytes.position());
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
