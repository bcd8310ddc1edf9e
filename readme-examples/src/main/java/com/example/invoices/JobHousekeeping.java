package com.example.invoices;

import java.time.Duration;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.springframework.stereotype.Service;

import io.github.reductospring.client.JobOperations;
import io.github.reductospring.client.cleanup.CleanupReport;
import io.github.reductospring.client.cleanup.CleanupRequest;

@Service
public class JobHousekeeping {

    private static final Log log = LogFactory.getLog(JobHousekeeping.class);

    private final JobOperations jobs;

    JobHousekeeping(JobOperations jobs) {
        this.jobs = jobs;
    }

    public void forget(String jobId) {
        jobs.delete(jobId);         // an ended job; JobNotDeletableException for a running one
    }

    public void stopAndForget(String jobId) {
        jobs.delete(jobId, true);   // cancel it first if it is still running
    }

    public CleanupReport sweep() {
        CleanupReport report = jobs.cleanup(CleanupRequest.olderThan(Duration.ofDays(30)));   // or .withDryRun(true)
        log.info(report.summary());   // "Reducto cleanup: 1200 jobs examined, 300 selected, 300 deleted, 0 failed, in 4180 ms"
        return report;
    }

}
