package org.jaring.cli.output;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.MessageOrBuilder;
import com.google.protobuf.util.JsonFormat;
import java.io.PrintWriter;
import picocli.CommandLine.Option;

/**
 * --json for a command that lists or shows: the node's answer as the proto3 JSON form of its jaring.v1 message, so
 * the schema is the wire contract's and changes only as that does (docs/cli-json.md names the message per command).
 */
public final class JsonOutput {
    @Option(names = "--json", description = "Print JSON instead of a table (docs/cli-json.md).")
    boolean json;

    public boolean enabled() {
        return json;
    }

    /** Prints the message as JSON and returns true when --json was given; otherwise prints nothing. */
    public boolean print(MessageOrBuilder message, PrintWriter out) {
        if (!json) {
            return false;
        }
        try {
            out.println(JsonFormat.printer().print(message));
        } catch (InvalidProtocolBufferException e) {
            // Only an Any with an unknown type cannot be printed; these messages hold none.
            throw new IllegalStateException(e);
        }
        out.flush();
        return true;
    }
}
