package com.example.invoices;

import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import io.github.reductospring.emulator.Fault;
import io.github.reductospring.emulator.JobScript;
import io.github.reductospring.emulator.ReductoEmulatorExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

@SpringBootTest
class InvoiceParserEmulatorTests {

    @RegisterExtension
    static ReductoEmulatorExtension reducto = new ReductoEmulatorExtension();

    @DynamicPropertySource
    static void reductoProperties(DynamicPropertyRegistry registry) {
        registry.add("reducto.base-url", () -> reducto.emulator().baseUrl().toString());
        registry.add("reducto.api-key", () -> reducto.emulator().apiKey());
    }

    @Autowired
    InvoiceParser invoices;

    @Test
    void parsesAnInvoice() {
        reducto.emulator().scriptNextJobs(JobScript.completesImmediately());
        assertThat(invoices.parse("https://example.com/invoice.pdf").chunks()).isNotEmpty();
    }

    @Test
    void saysWhyAParseFailed() {
        reducto.emulator().scriptNextJobs(JobScript.failsAfter(Duration.ZERO, Duration.ofMillis(100), "encrypted"));
        reducto.emulator().injectFault(Fault.rateLimited("1").on("GET", "/jobs"));   // faults on demand, for other tests
        assertThatIllegalStateException().isThrownBy(() -> invoices.parse("https://example.com/locked.pdf"))
                .withMessageContaining("FAILED")
                .withMessageContaining("encrypted");
    }

}
