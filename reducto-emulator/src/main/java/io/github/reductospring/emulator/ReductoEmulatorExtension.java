package io.github.reductospring.emulator;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * JUnit 5 extension that runs one {@link ReductoEmulator} for a test class and resets it before each test.
 * <pre>{@code
 * @RegisterExtension
 * static ReductoEmulatorExtension reducto = new ReductoEmulatorExtension();
 *
 * @Test
 * void works() {
 *     URI baseUrl = reducto.emulator().baseUrl();
 * }
 * }</pre>
 * Test methods may also take a {@link ReductoEmulator} parameter.
 */
public final class ReductoEmulatorExtension
		implements BeforeAllCallback, AfterAllCallback, BeforeEachCallback, ParameterResolver {

	private final ReductoEmulator.Builder builder;

	private ReductoEmulator emulator;

	/** An extension with the emulator's defaults. */
	public ReductoEmulatorExtension() {
		this(ReductoEmulator.builder());
	}

	/** An extension whose emulator is built by {@code builder}. */
	public ReductoEmulatorExtension(ReductoEmulator.Builder builder) {
		this.builder = builder;
		this.emulator = builder.build();
	}

	/** The emulator (started before the first test of the class). */
	public ReductoEmulator emulator() {
		return this.emulator;
	}

	@Override
	public void beforeAll(ExtensionContext context) {
		this.emulator.start();
	}

	@Override
	public void beforeEach(ExtensionContext context) {
		this.emulator.reset();
	}

	@Override
	public void afterAll(ExtensionContext context) {
		this.emulator.close();
		this.emulator = this.builder.build();
	}

	@Override
	public boolean supportsParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
		return parameterContext.getParameter().getType() == ReductoEmulator.class;
	}

	@Override
	public Object resolveParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
		return this.emulator;
	}

}
