package org.jaring.node.ops;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Instant;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import org.junit.jupiter.api.Test;

class JsonLogFormatterTest {
    @Test
    void eachRecordIsOneParseableJsonObjectLine() throws Exception {
        JsonLogFormatter f = new JsonLogFormatter();
        LogRecord r = new LogRecord(Level.WARNING, "peer {0} said \"no\"\n\tbye \u0001");
        r.setParameters(new Object[] {"MY-PDRM"});
        r.setLoggerName("org.jaring.node.federation.RevocationFetcher");
        r.setThrown(new IllegalStateException("boom"));
        String line = f.format(r);

        assertThat(line).endsWith("}\n");
        assertThat(line.substring(0, line.length() - 1)).doesNotContain("\n");
        JsonNode json = new ObjectMapper().readTree(line);
        assertThat(json.get("level").asText()).isEqualTo("WARNING");
        assertThat(json.get("logger").asText()).isEqualTo("org.jaring.node.federation.RevocationFetcher");
        assertThat(json.get("message").asText()).isEqualTo("peer MY-PDRM said \"no\"\n\tbye \u0001");
        assertThat(json.get("thread").asText()).isEqualTo(Thread.currentThread().getName());
        assertThat(Instant.parse(json.get("time").asText())).isNotNull();
        assertThat(json.get("error").asText()).contains("IllegalStateException: boom");
    }
}
