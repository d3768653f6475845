package org.jaring.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.jaring.v1.IndicatorType;
import org.jaring.v1.LookupLocalRequest;
import org.jaring.v1.LookupQuery;

/**
 * A uniform sample (reservoir) of the values stored so far: each as an analyst would type it and as the node's
 * key, so the node's lookup path and a raw multiGet can be asked about exactly the same values.
 */
final class QuerySample {
    record Query(IndicatorType type, String raw, byte[] key) {}

    private final List<Query> sample;
    private final int capacity;
    private final Random random;
    private long seen;

    QuerySample(int capacity, long seed) {
        this.capacity = capacity;
        this.sample = new ArrayList<>(capacity);
        this.random = new Random(seed);
    }

    void offer(IndicatorType type, String raw, byte[] key) {
        seen++;
        if (sample.size() < capacity) {
            sample.add(new Query(type, raw, key));
        } else {
            long j = (long) (random.nextDouble() * seen);
            if (j < capacity) {
                sample.set((int) j, new Query(type, raw, key));
            }
        }
    }

    /** {@code batches} batches of {@code size} random sampled values. */
    List<List<Query>> batches(int batches, int size, long seed) {
        Random r = new Random(seed);
        List<List<Query>> out = new ArrayList<>();
        for (int b = 0; b < batches; b++) {
            List<Query> batch = new ArrayList<>(size);
            for (int i = 0; i < size; i++) {
                batch.add(sample.get(r.nextInt(sample.size())));
            }
            out.add(batch);
        }
        return out;
    }

    static LookupLocalRequest localRequest(List<Query> batch) {
        LookupLocalRequest.Builder b = LookupLocalRequest.newBuilder();
        for (Query q : batch) {
            b.addQueries(LookupQuery.newBuilder().setType(q.type()).setValue(q.raw()));
        }
        return b.build();
    }

    static List<byte[]> keys(List<Query> batch) {
        List<byte[]> out = new ArrayList<>(batch.size());
        for (Query q : batch) {
            out.add(q.key());
        }
        return out;
    }
}
