package io.github.reductospring.sample;

import java.time.Duration;
import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * What the sample submits.
 */
@ConfigurationProperties("sample")
public class SampleProperties {

	/**
	 * Documents to parse (public URLs, or reducto:// ids).
	 */
	private List<String> documents = List.of("https://example.com/docs/invoice-2026-001.pdf",
			"https://example.com/docs/annual-report.pdf", "https://example.com/docs/locked-contract.pdf");

	/**
	 * A document submitted only to be cancelled.
	 */
	private String documentToCancel = "https://example.com/docs/very-long-manual.pdf";

	/**
	 * Whether the sample's main job runs at startup.
	 */
	private boolean runOnStartup = true;

	/**
	 * How long to wait for each job.
	 */
	private Duration awaitTimeout = Duration.ofMinutes(3);

	public List<String> getDocuments() {
		return this.documents;
	}

	public void setDocuments(List<String> documents) {
		this.documents = documents;
	}

	public String getDocumentToCancel() {
		return this.documentToCancel;
	}

	public void setDocumentToCancel(String documentToCancel) {
		this.documentToCancel = documentToCancel;
	}

	public boolean isRunOnStartup() {
		return this.runOnStartup;
	}

	public void setRunOnStartup(boolean runOnStartup) {
		this.runOnStartup = runOnStartup;
	}

	public Duration getAwaitTimeout() {
		return this.awaitTimeout;
	}

	public void setAwaitTimeout(Duration awaitTimeout) {
		this.awaitTimeout = awaitTimeout;
	}

}
