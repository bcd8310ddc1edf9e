package io.github.reductospring.testcontainers;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

import org.jspecify.annotations.Nullable;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.ContainerLaunchException;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.wait.strategy.AbstractWaitStrategy;
import org.testcontainers.utility.DockerImageName;

import io.github.reductospring.client.ReductoClientBuilder;

/**
 * The Reducto emulator in a container. With {@code @ServiceConnection} it supplies the Reducto connection details
 * (base URL and API key) to the application under test:
 * <pre>{@code
 * @Container
 * @ServiceConnection
 * static ReductoEmulatorContainer reducto = new ReductoEmulatorContainer();
 * }</pre>
 * The container runs on the host's network when Docker has no bridge network (or when
 * {@code REDUCTO_EMULATOR_NETWORK=host}), so that webhook deliveries reach the application on 127.0.0.1; otherwise it
 * publishes its port as usual. It is ready when its {@code /_emulator/ready} endpoint answers.
 */
public class ReductoEmulatorContainer extends GenericContainer<ReductoEmulatorContainer> {

	/** The image this version of the library was built with: {@code reductospring/reducto-emulator:<version>}. */
	public static final DockerImageName DEFAULT_IMAGE = DockerImageName.parse("reductospring/reducto-emulator")
		.withTag(ReductoClientBuilder.version());

	private static final int CONTAINER_PORT = 8089;

	private static final String API_KEY = "emulator-key";

	private final boolean hostNetwork;

	private final int hostPort;

	private final List<String> options = new ArrayList<>();

	/** A container of {@link #DEFAULT_IMAGE}. */
	public ReductoEmulatorContainer() {
		this(DEFAULT_IMAGE);
	}

	/** A container of the given emulator image. */
	public ReductoEmulatorContainer(DockerImageName image) {
		super(image);
		image.assertCompatibleWith(DockerImageName.parse("reductospring/reducto-emulator"));
		this.hostNetwork = useHostNetwork();
		this.hostPort = this.hostNetwork ? freePort() : -1;
		if (this.hostNetwork) {
			withNetworkMode("host");
		}
		else {
			withExposedPorts(CONTAINER_PORT);
		}
		waitingFor(new ReadinessWaitStrategy().withStartupTimeout(Duration.ofSeconds(60)));
	}

	/** How long jobs stay pending, then run; each job's running time gets a random 0 to {@code spread} more. */
	public ReductoEmulatorContainer withJobTimeline(Duration pending, Duration processing, Duration spread) {
		this.options.addAll(List.of("--pending-ms", Long.toString(pending.toMillis()), "--processing-ms",
				Long.toString(processing.toMillis()), "--processing-spread-ms", Long.toString(spread.toMillis())));
		return this;
	}

	/** The share of jobs (0 to 1) that fail. */
	public ReductoEmulatorContainer withFailureShare(double share) {
		this.options.addAll(List.of("--failure-share", Double.toString(share)));
		return this;
	}

	/** Shares (0 to 1) of API requests answered 503, answered 429, and answered only after {@code slowFor}. */
	public ReductoEmulatorContainer withRandomFaults(double errorShare, double rateLimitShare, double slowShare,
			Duration slowFor) {
		this.options.addAll(List.of("--error-share", Double.toString(errorShare), "--rate-limit-share",
				Double.toString(rateLimitShare), "--slow-share", Double.toString(slowShare), "--slow-ms",
				Long.toString(slowFor.toMillis())));
		return this;
	}

	/** Where Svix-mode webhooks go, signed with {@code signingSecret} ({@code whsec_...}). */
	public ReductoEmulatorContainer withWebhookTarget(URI target, String signingSecret) {
		this.options.addAll(List.of("--webhook-target", target.toString(), "--signing-secret", signingSecret));
		return this;
	}

	@Override
	protected void configure() {
		List<String> command = new ArrayList<>(this.hostNetwork
				? List.of("--bind-address", "127.0.0.1", "--port", Integer.toString(this.hostPort))
				: List.of("--bind-address", "0.0.0.0", "--port", Integer.toString(CONTAINER_PORT)));
		command.addAll(this.options);
		setCommand(command.toArray(String[]::new));
	}

	/** The emulator's base URL, as seen from the tests. */
	public URI getBaseUrl() {
		return this.hostNetwork ? URI.create("http://127.0.0.1:" + this.hostPort)
				: URI.create("http://" + getHost() + ":" + getMappedPort(CONTAINER_PORT));
	}

	/** The API key the emulator accepts. */
	public String getApiKey() {
		return API_KEY;
	}

	/** Whether the container shares the host's network. */
	public boolean isHostNetwork() {
		return this.hostNetwork;
	}

	private static boolean useHostNetwork() {
		String chosen = System.getenv("REDUCTO_EMULATOR_NETWORK");
		if (chosen != null && !chosen.isBlank()) {
			return chosen.trim().toLowerCase(Locale.ROOT).equals("host");
		}
		try {
			// A daemon started without a bridge (as on machines that allow only loopback traffic) needs host networking.
			return DockerClientFactory.instance()
				.client()
				.listNetworksCmd()
				.exec()
				.stream()
				.noneMatch((network) -> "bridge".equals(network.getName()));
		}
		catch (RuntimeException ex) {
			return false;
		}
	}

	private static int freePort() {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
		catch (IOException ex) {
			throw new IllegalStateException("No free port for the emulator container", ex);
		}
	}

	/** Ready when {@code GET /_emulator/ready} answers 200, polled from the test's side. */
	private final class ReadinessWaitStrategy extends AbstractWaitStrategy {

		@Override
		protected void waitUntilReady() {
			HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
			long deadline = System.nanoTime() + this.startupTimeout.toNanos();
			@Nullable Exception last = null;
			while (System.nanoTime() < deadline) {
				try {
					HttpResponse<Void> response = http.send(
							HttpRequest.newBuilder(getBaseUrl().resolve("/_emulator/ready"))
								.timeout(Duration.ofSeconds(2))
								.build(),
							HttpResponse.BodyHandlers.discarding());
					if (response.statusCode() == 200) {
						return;
					}
				}
				catch (IOException | RuntimeException ex) {
					last = ex;
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
					throw new ContainerLaunchException("Interrupted while waiting for the Reducto emulator", ex);
				}
				try {
					TimeUnit.MILLISECONDS.sleep(100);
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
					throw new ContainerLaunchException("Interrupted while waiting for the Reducto emulator", ex);
				}
			}
			throw new ContainerLaunchException("The Reducto emulator was not ready within " + this.startupTimeout
					+ ((last != null) ? ": " + last.getMessage() : ""));
		}

	}

}
