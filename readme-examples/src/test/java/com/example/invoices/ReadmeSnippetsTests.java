package com.example.invoices;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * README's Java snippets are the files of this module, compiled and tested here: each ```java block follows a line
 * {@code <!-- readme-examples/... -->} naming its file, and shows it whole, as it is.
 */
class ReadmeSnippetsTests {

    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();

    @Test
    void everyJavaSnippetIsAFileOfThisModuleShownWhole() throws IOException {
        List<String> lines = Files.readAllLines(ROOT.resolve("README.md"));
        List<String> shown = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            if (!lines.get(i).strip().equals("```java")) {
                continue;
            }
            String marker = (i > 0) ? lines.get(i - 1).strip() : "";
            assertThat(marker).as("README line %d: a Java snippet must follow <!-- readme-examples/... -->", i + 1)
                .startsWith("<!-- readme-examples/").endsWith(" -->");
            String file = marker.substring("<!-- ".length(), marker.length() - " -->".length());
            StringBuilder block = new StringBuilder();
            int end = i + 1;
            while (!lines.get(end).strip().equals("```")) {
                block.append(lines.get(end)).append('\n');
                end++;
            }
            assertThat(block.toString()).as("README line %d shows %s", i + 1, file)
                .isEqualTo(Files.readString(ROOT.resolve(file)));
            shown.add(file);
            i = end;
        }
        assertThat(shown).contains("readme-examples/src/main/java/com/example/invoices/InvoiceParser.java",
                "readme-examples/src/test/java/com/example/invoices/InvoiceParserEmulatorTests.java",
                "readme-examples/src/test/java/com/example/invoices/InvoiceParserContainerTests.java");
    }

}
