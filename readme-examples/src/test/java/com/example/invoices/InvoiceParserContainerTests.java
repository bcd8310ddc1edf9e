package com.example.invoices;

import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.testcontainers.service.connection.ServiceConnection;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;

import io.github.reductospring.client.model.ParseResult;
import io.github.reductospring.testcontainers.ReductoEmulatorContainer;

import static org.assertj.core.api.Assertions.assertThat;

@SpringBootTest
@Testcontainers(disabledWithoutDocker = true)
class InvoiceParserContainerTests {

    @Container
    @ServiceConnection
    static ReductoEmulatorContainer reducto = new ReductoEmulatorContainer()
            .withJobTimeline(Duration.ofMillis(200), Duration.ofMillis(300), Duration.ZERO);

    @Autowired
    InvoiceParser invoices;

    @Test
    void parsesAnInvoice() {
        ParseResult result = invoices.parse("https://example.com/invoice.pdf");
        assertThat(result.chunks()).isNotEmpty();
    }

}
