package org.jaring.node.store;

import com.google.protobuf.ByteString;
import com.google.protobuf.CodedInputStream;
import com.google.protobuf.CodedOutputStream;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Timestamp;
import com.google.protobuf.UnsafeByteOperations;
import com.google.protobuf.WireFormat;
import com.google.protobuf.util.Timestamps;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import org.jaring.v1.Indicator;

/**
 * The value stored under one INDICATORS key: every local record of that value, one per case, as
 * length-delimited Indicator messages (standard protobuf framing, no wrapper message needed).
 */
public final class IndicatorRecords {
    /** The tags (field number << 3 | wire type) of Indicator.valid_until, a Timestamp, and of Timestamp's fields. */
    private static final int VALID_UNTIL_TAG =
            Indicator.VALID_UNTIL_FIELD_NUMBER << 3 | WireFormat.WIRETYPE_LENGTH_DELIMITED;

    private static final int SECONDS_TAG = Timestamp.SECONDS_FIELD_NUMBER << 3 | WireFormat.WIRETYPE_VARINT;
    private static final int NANOS_TAG = Timestamp.NANOS_FIELD_NUMBER << 3 | WireFormat.WIRETYPE_VARINT;

    private IndicatorRecords() {}

    public static byte[] encode(List<Indicator> records) {
        int size = 0;
        for (Indicator r : records) {
            int n = r.getSerializedSize();
            size += CodedOutputStream.computeUInt32SizeNoTag(n) + n;
        }
        byte[] out = new byte[size];
        CodedOutputStream stream = CodedOutputStream.newInstance(out);
        try {
            for (Indicator r : records) {
                stream.writeUInt32NoTag(r.getSerializedSize());
                r.writeTo(stream);
            }
            stream.checkNoSpaceLeft();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }

    public static List<Indicator> decode(byte[] bytes) {
        List<Indicator> records = new ArrayList<>(2);
        if (bytes == null) {
            return records;
        }
        CodedInputStream in = CodedInputStream.newInstance(bytes);
        try {
            while (!in.isAtEnd()) {
                int length = in.readRawVarint32();
                int limit = in.pushLimit(length);
                records.add(Indicator.parseFrom(in));
                in.popLimit(limit);
            }
        } catch (IOException e) {
            throw new IllegalStateException("corrupt indicator record in the store", e);
        }
        return records;
    }

    /**
     * The records stored under one key that are live at {@code nowMillis} (valid_until unset or later), each as the
     * bytes it is stored as, not copied: for answers that pass records on unchanged, without decoding them. None
     * when {@code bytes} is null (nothing stored under the key).
     */
    public static List<ByteString> liveRecords(byte[] bytes, long nowMillis) {
        if (bytes == null) {
            return List.of();
        }
        List<ByteString> live = new ArrayList<>(2);
        CodedInputStream in = CodedInputStream.newInstance(bytes);
        try {
            while (!in.isAtEnd()) {
                int length = in.readRawVarint32();
                int start = in.getTotalBytesRead();
                if (length < 0 || start + length > bytes.length) {
                    throw new InvalidProtocolBufferException("a record runs past the end of the value");
                }
                int limit = in.pushLimit(length);
                if (validUntilMillis(in) > nowMillis) {
                    live.add(UnsafeByteOperations.unsafeWrap(bytes, start, length));
                }
                in.popLimit(limit);
            }
        } catch (IOException e) {
            throw new IllegalStateException("corrupt indicator record in the store", e);
        }
        return live;
    }

    /**
     * valid_until of the record {@code in} is limited to, in milliseconds (Long.MAX_VALUE when unset), reading
     * nothing else: every other field is skipped, not decoded. Why: this is the only field a lookup needs from
     * each stored record, and at 10 million indicators, where many values hold several cases' records, the
     * general index ({@link Entries}, which also decodes each case id) was a sixth of a local lookup.
     */
    private static long validUntilMillis(CodedInputStream in) throws IOException {
        long until = Long.MAX_VALUE;
        for (int tag = in.readTag(); tag != 0; tag = in.readTag()) {
            if (tag == VALID_UNTIL_TAG) {
                until = timestampMillis(in);
            } else {
                in.skipField(tag);
            }
        }
        return until;
    }

    /** The Timestamp message at {@code in}'s position (after its tag), in milliseconds as Timestamps.toMillis. */
    private static long timestampMillis(CodedInputStream in) throws IOException {
        int limit = in.pushLimit(in.readRawVarint32());
        long seconds = 0;
        int nanos = 0;
        for (int t = in.readTag(); t != 0; t = in.readTag()) {
            if (t == SECONDS_TAG) {
                seconds = in.readInt64();
            } else if (t == NANOS_TAG) {
                nanos = in.readInt32();
            } else {
                in.skipField(t);
            }
        }
        in.popLimit(limit);
        if (!Timestamps.isValid(seconds, nanos)) {
            throw new InvalidProtocolBufferException("a record's valid_until is not a valid timestamp");
        }
        return Math.addExact(Math.multiplyExact(seconds, 1000L), nanos / 1_000_000);
    }

    /**
     * What writing {@code incoming} under a stored value does: the record its case held before (or null), the
     * live records of other cases (at most {@code othersKept}, decoded for correlation), and the new value.
     */
    public record Write(Indicator previous, List<Indicator> otherLive, byte[] value) {}

    /**
     * The write of one indicator of {@code caseId} under a value ({@code stored} may be null): the case's record
     * is replaced, or the record appended. Each record's case and valid_until are read without parsing the rest,
     * and the other records are copied as the bytes they are. Why: a value held by many cases (a shared scam
     * domain) was decoded and re-encoded whole for every indicator written under it.
     */
    public static Write write(byte[] stored, String caseId, Indicator incoming, long nowMillis, int othersKept) {
        Entries records = index(stored);
        int mine = records.indexOfCase(caseId);
        List<Indicator> others = new ArrayList<>(Math.min(records.size(), othersKept));
        for (int i = 0; i < records.size() && others.size() < othersKept; i++) {
            if (i != mine && records.live(i, nowMillis)) {
                others.add(records.decode(i));
            }
        }
        return new Write(mine < 0 ? null : records.decode(mine), others, records.with(mine, incoming));
    }

    /** Where each record of a stored value lies, with its case and valid_until. */
    static Entries index(byte[] bytes) {
        return new Entries(bytes == null ? new byte[0] : bytes);
    }

    static final class Entries {
        private static final int CASE_ID_TAG =
                Indicator.CASE_ID_FIELD_NUMBER << 3 | WireFormat.WIRETYPE_LENGTH_DELIMITED;

        private final byte[] bytes;
        private final List<int[]> spans = new ArrayList<>(2); // {frame start, message start, end}
        private final List<String> caseIds = new ArrayList<>(2);
        private final List<Long> validUntil = new ArrayList<>(2); // Long.MAX_VALUE when the record has none

        private Entries(byte[] bytes) {
            this.bytes = bytes;
            try {
                CodedInputStream in = CodedInputStream.newInstance(bytes);
                while (!in.isAtEnd()) {
                    int frame = in.getTotalBytesRead();
                    int length = in.readRawVarint32();
                    int start = in.getTotalBytesRead();
                    if (length < 0 || start + length > bytes.length) {
                        throw new InvalidProtocolBufferException("a record runs past the end of the value");
                    }
                    spans.add(new int[] {frame, start, start + length});
                    readFields(start, length);
                    in.skipRawBytes(length);
                }
            } catch (IOException e) {
                throw new IllegalStateException("corrupt indicator record in the store", e);
            }
        }

        private void readFields(int start, int length) throws IOException {
            CodedInputStream record = CodedInputStream.newInstance(bytes, start, length);
            String caseId = "";
            long until = Long.MAX_VALUE;
            for (int tag = record.readTag(); tag != 0; tag = record.readTag()) {
                if (tag == CASE_ID_TAG) {
                    caseId = record.readStringRequireUtf8();
                } else if (tag == VALID_UNTIL_TAG) {
                    until = timestampMillis(record);
                } else {
                    record.skipField(tag);
                }
            }
            caseIds.add(caseId);
            validUntil.add(until);
        }

        int size() {
            return spans.size();
        }

        /** The position of {@code caseId}'s record, or -1. */
        int indexOfCase(String caseId) {
            return caseIds.indexOf(caseId);
        }

        boolean live(int i, long nowMillis) {
            return validUntil.get(i) > nowMillis;
        }

        Indicator decode(int i) {
            int[] span = spans.get(i);
            try {
                return Indicator.parseFrom(CodedInputStream.newInstance(bytes, span[1], span[2] - span[1]));
            } catch (IOException e) {
                throw new IllegalStateException("corrupt indicator record in the store", e);
            }
        }

        /** The stored bytes with record {@code without} (or none, -1) left out and {@code added} appended. */
        byte[] with(int without, Indicator added) {
            int addedSize = added.getSerializedSize();
            int kept = bytes.length;
            if (without >= 0) {
                int[] span = spans.get(without);
                kept -= span[2] - span[0];
            }
            byte[] out = new byte[kept + CodedOutputStream.computeUInt32SizeNoTag(addedSize) + addedSize];
            if (without < 0) {
                System.arraycopy(bytes, 0, out, 0, bytes.length);
            } else {
                int[] span = spans.get(without);
                System.arraycopy(bytes, 0, out, 0, span[0]);
                System.arraycopy(bytes, span[2], out, span[0], bytes.length - span[2]);
            }
            CodedOutputStream stream = CodedOutputStream.newInstance(out, kept, out.length - kept);
            try {
                stream.writeUInt32NoTag(addedSize);
                added.writeTo(stream);
                stream.checkNoSpaceLeft();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return out;
        }
    }
}
