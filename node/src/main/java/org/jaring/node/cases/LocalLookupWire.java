package org.jaring.node.cases;

import com.google.protobuf.ByteString;
import com.google.protobuf.CodedOutputStream;
import com.google.protobuf.WireFormat;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import org.jaring.v1.LookupLocalResponse;
import org.jaring.v1.LookupLocalResult;

/**
 * A {@link LookupLocalResponse} written straight to bytes, each result's stored records copied in as the Indicator
 * messages they are stored as. Why: over gRPC the records were decoded from the store only to be encoded again,
 * the two largest costs of a lookup after canonical form and the store's read. An embedded message is its bytes
 * behind a tag and a length, so the records need neither step; a result's other fields come first, which any
 * parser accepts (fields may appear in any order, and repeated ones keep theirs).
 */
final class LocalLookupWire {
    private LocalLookupWire() {}

    /** {@code heads.get(i)} (a result without its indicators) followed by {@code records.get(i)}, for each i. */
    static byte[] write(List<LookupLocalResult> heads, List<List<ByteString>> records) {
        int[] sizes = new int[heads.size()];
        int total = 0;
        for (int i = 0; i < sizes.length; i++) {
            int size = heads.get(i).getSerializedSize();
            for (ByteString r : records.get(i)) {
                size += CodedOutputStream.computeBytesSize(LookupLocalResult.INDICATORS_FIELD_NUMBER, r);
            }
            sizes[i] = size;
            total += CodedOutputStream.computeTagSize(LookupLocalResponse.RESULTS_FIELD_NUMBER)
                    + CodedOutputStream.computeUInt32SizeNoTag(size)
                    + size;
        }
        byte[] out = new byte[total];
        CodedOutputStream stream = CodedOutputStream.newInstance(out);
        try {
            for (int i = 0; i < sizes.length; i++) {
                stream.writeTag(LookupLocalResponse.RESULTS_FIELD_NUMBER, WireFormat.WIRETYPE_LENGTH_DELIMITED);
                stream.writeUInt32NoTag(sizes[i]);
                heads.get(i).writeTo(stream);
                for (ByteString r : records.get(i)) {
                    stream.writeBytes(LookupLocalResult.INDICATORS_FIELD_NUMBER, r);
                }
            }
            stream.checkNoSpaceLeft();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }
}
