package io.github.reductospring.client.observation;

import io.micrometer.common.docs.KeyName;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationConvention;
import io.micrometer.observation.docs.ObservationDocumentation;

/**
 * The observations of this library and their keys.
 */
public enum ReductoObservationDocumentation implements ObservationDocumentation {

	/** One Reducto API call, retries included. */
	CLIENT_CALL {

		@Override
		public Class<? extends ObservationConvention<? extends Observation.Context>> getDefaultConvention() {
			return DefaultReductoObservationConvention.class;
		}

		@Override
		public KeyName[] getLowCardinalityKeyNames() {
			return LowCardinalityKeyNames.values();
		}

		@Override
		public KeyName[] getHighCardinalityKeyNames() {
			return HighCardinalityKeyNames.values();
		}

	};

	/** Keys with a small, closed set of values: safe as metric tags. */
	public enum LowCardinalityKeyNames implements KeyName {

		/** The operation: get_job, list_jobs, cancel_job, submit_parse, submit_extract, submit_split, upload, ... */
		OPERATION {
			@Override
			public String asString() {
				return "operation";
			}
		},

		/** The HTTP method. */
		METHOD {
			@Override
			public String asString() {
				return "method";
			}
		},

		/** The URI template, such as /job/{jobId}; never the filled-in path. */
		URI {
			@Override
			public String asString() {
				return "uri";
			}
		},

		/** The HTTP status of the last answer, or NONE when none came. */
		STATUS {
			@Override
			public String asString() {
				return "status";
			}
		},

		/**
		 * SUCCESS, CLIENT_ERROR, SERVER_ERROR, DEADLINE (the call's overall deadline passed) or UNKNOWN (no answer).
		 */
		OUTCOME {
			@Override
			public String asString() {
				return "outcome";
			}
		},

		/** The simple class name of the failure, or none. */
		EXCEPTION {
			@Override
			public String asString() {
				return "exception";
			}
		}

	}

	/** Keys with unbounded values: span attributes only, never metric tags. */
	public enum HighCardinalityKeyNames implements KeyName {

		/** The job's id. */
		JOB_ID {
			@Override
			public String asString() {
				return "reducto.job.id";
			}
		},

		/** How many times the call was retried. */
		RETRIES {
			@Override
			public String asString() {
				return "reducto.retries";
			}
		}

	}

}
