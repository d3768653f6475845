package org.jaring.node.store;

import com.google.protobuf.CodedInputStream;
import com.google.protobuf.CodedOutputStream;
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
    private IndicatorRecords() {
    }

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
}
