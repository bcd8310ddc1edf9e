package com.example.invoices;

import java.time.Duration;
import java.util.Map;

import org.springframework.stereotype.Service;

import io.github.reductospring.client.JobOperations;
import io.github.reductospring.client.SubmitRequest;
import io.github.reductospring.client.model.Job;
import io.github.reductospring.client.model.JobStatus;
import io.github.reductospring.client.model.ParseResult;

@Service
public class InvoiceParser {

    private final JobOperations jobs;

    InvoiceParser(JobOperations jobs) {
        this.jobs = jobs;
    }

    public ParseResult parse(String url) {
        String jobId = jobs.submit(SubmitRequest.parse(url)
                .metadata(Map.of("customer", "42"))
                .option("formatting", Map.of("table_output_format", "html"))   // any Reducto field, as JSON
                .build());
        Job job = jobs.await(jobId, Duration.ofMinutes(5));   // JobTimeoutException carries the last seen state
        if (job.status() != JobStatus.COMPLETED) {
            throw new IllegalStateException("Parsing ended " + job.status()
                    + ((job.error() != null) ? ": " + job.error().description() : ""));
        }
        return jobs.parseResult(job);   // typed chunks and blocks; large results are fetched from their URL
    }

}
