package io.github.reductospring.autoconfigure;

import java.net.URI;

import org.jspecify.annotations.Nullable;
import org.springframework.boot.autoconfigure.service.connection.ConnectionDetails;

/**
 * Where the Reducto API is and how to authenticate. Defined from {@code reducto.*} properties unless another bean
 * (a test container, an emulator) supplies it.
 */
public interface ReductoConnectionDetails extends ConnectionDetails {

	/** The API's base URL. */
	URI getBaseUrl();

	/** The API key, or {@code null} when none is configured (startup then fails with a clear analysis). */
	@Nullable String getApiKey();

}
