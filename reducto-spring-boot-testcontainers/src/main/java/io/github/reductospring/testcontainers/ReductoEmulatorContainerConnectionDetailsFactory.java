package io.github.reductospring.testcontainers;

import java.net.URI;

import org.springframework.boot.testcontainers.service.connection.ContainerConnectionDetailsFactory;
import org.springframework.boot.testcontainers.service.connection.ContainerConnectionSource;

import io.github.reductospring.autoconfigure.ReductoConnectionDetails;

/**
 * Supplies {@link ReductoConnectionDetails} from a {@code @ServiceConnection} {@link ReductoEmulatorContainer}.
 */
class ReductoEmulatorContainerConnectionDetailsFactory
		extends ContainerConnectionDetailsFactory<ReductoEmulatorContainer, ReductoConnectionDetails> {

	@Override
	protected ReductoConnectionDetails getContainerConnectionDetails(
			ContainerConnectionSource<ReductoEmulatorContainer> source) {
		return new EmulatorConnectionDetails(source);
	}

	private static final class EmulatorConnectionDetails extends ContainerConnectionDetails<ReductoEmulatorContainer>
			implements ReductoConnectionDetails {

		EmulatorConnectionDetails(ContainerConnectionSource<ReductoEmulatorContainer> source) {
			super(source);
		}

		@Override
		public URI getBaseUrl() {
			return getContainer().getBaseUrl();
		}

		@Override
		public String getApiKey() {
			return getContainer().getApiKey();
		}

	}

}
