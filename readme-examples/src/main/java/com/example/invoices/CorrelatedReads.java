package com.example.invoices;

import java.time.Duration;

import org.springframework.stereotype.Service;

import io.github.reductospring.client.JobOperations;
import io.github.reductospring.client.http.RequestOptions;
import io.github.reductospring.client.model.Job;

@Service
public class CorrelatedReads {

    private final JobOperations jobs;

    CorrelatedReads(JobOperations jobs) {
        this.jobs = jobs;
    }

    public Job read(String jobId, String correlationId) {
        return jobs.withOptions(RequestOptions.none()
                        .withTimeout(Duration.ofSeconds(5))   // this call's deadline, retries included
                        .withMaxRetries(0)                    // fail at once instead of retrying
                        .withHeader("X-Correlation-Id", correlationId))
                .get(jobId);
    }

}
