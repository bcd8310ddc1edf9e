-- Reducto job tracking (reducto-tracking-jdbc), PostgreSQL. Safe to run again: every statement is IF NOT EXISTS.
-- Flyway or Liquibase users: copy this file into a migration; reducto.tracking.jdbc.initialize-schema runs it otherwise.

-- One row per job an application submitted or tracked, until reducto.tracking.jdbc.retention after its end.
CREATE TABLE IF NOT EXISTS reducto_tracked_job (
    application_id          VARCHAR(100) NOT NULL,
    job_id                  VARCHAR(256) NOT NULL,
    job_type                VARCHAR(32),
    status                  VARCHAR(16),
    created_no_earlier_than TIMESTAMP WITH TIME ZONE NOT NULL,
    deadline                TIMESTAMP WITH TIME ZONE NOT NULL,
    owner                   VARCHAR(200) NOT NULL,
    nudged                  BOOLEAN NOT NULL DEFAULT FALSE,
    event_published         BOOLEAN NOT NULL DEFAULT TRUE,
    nudge_epoch             BIGINT,
    ended_job               TEXT,
    ended_at                TIMESTAMP WITH TIME ZONE,
    updated_at              TIMESTAMP WITH TIME ZONE NOT NULL,
    PRIMARY KEY (application_id, job_id)
);

-- What the poller reads every few seconds: unfinished jobs, jobs webhooks named on other instances, unpublished ends.
CREATE INDEX IF NOT EXISTS reducto_tracked_job_unfinished
    ON reducto_tracked_job (application_id, deadline) WHERE ended_at IS NULL;
CREATE INDEX IF NOT EXISTS reducto_tracked_job_nudged
    ON reducto_tracked_job (application_id) WHERE nudged;
CREATE INDEX IF NOT EXISTS reducto_tracked_job_unpublished
    ON reducto_tracked_job (application_id) WHERE NOT event_published;
CREATE INDEX IF NOT EXISTS reducto_tracked_job_ended
    ON reducto_tracked_job (application_id, ended_at) WHERE ended_at IS NOT NULL;

-- Which instance polls for an application, until when: a lease row, renewed every 2 seconds.
CREATE TABLE IF NOT EXISTS reducto_poller_lease (
    application_id VARCHAR(100) NOT NULL PRIMARY KEY,
    owner          VARCHAR(200) NOT NULL,
    expires_at     TIMESTAMP WITH TIME ZONE NOT NULL,
    epoch          BIGINT NOT NULL DEFAULT 0
);

-- Columns added since the first release, for tables made by it: the lease's epoch fences the poller's claims, and a
-- hand-over remembers the epoch it was given in, so that the next poller is given it again.
ALTER TABLE reducto_poller_lease ADD COLUMN IF NOT EXISTS epoch BIGINT NOT NULL DEFAULT 0;
ALTER TABLE reducto_tracked_job ADD COLUMN IF NOT EXISTS nudge_epoch BIGINT;
