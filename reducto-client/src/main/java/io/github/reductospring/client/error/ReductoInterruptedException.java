package io.github.reductospring.client.error;

/**
 * A blocking call ({@code JobOperations}) was interrupted while it waited. The thread's interrupt flag is set
 * again, so that the code above can see it; the call itself may still complete at Reducto.
 */
public class ReductoInterruptedException extends ReductoException {

	private static final long serialVersionUID = 1L;

	public ReductoInterruptedException(String message, InterruptedException cause) {
		super(message, cause);
	}

}
