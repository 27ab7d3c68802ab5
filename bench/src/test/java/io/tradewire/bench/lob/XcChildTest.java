package io.tradewire.bench.lob;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class XcChildTest {

    @Test
    @DisplayName("the exchange-core child JVM gets the reference harness's --add-opens flags, heap and collector")
    void jvmFlags() throws Exception {
        assertThat(XcChild.jvmFlags())
                .contains("--add-opens=java.base/java.lang=ALL-UNNAMED", "--add-exports=java.base/jdk.internal.misc=ALL-UNNAMED")
                .contains("-Xms4g", "-Xmx4g", "-XX:+UseParallelGC")
                .hasSize(11 + 3)
                .allMatch(f -> !f.isBlank() && f.equals(f.strip()));
    }
}
