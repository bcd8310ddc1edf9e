package io.github.reductospring.emulator;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Base64;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Signs webhook deliveries as Svix does (Standard Webhooks): {@code v1,} and the Base64 HMAC-SHA256 of
 * {@code id.timestamp.body} under the Base64-decoded part of a {@code whsec_} secret. Written out here rather than
 * taken from a library so that the emulator checks the receiver's library instead of sharing it.
 */
public final class SvixSigner {

	private SvixSigner() {
	}

	/**
	 * The {@code svix-signature} header value.
	 * @param secret the {@code whsec_...} secret
	 * @param messageId the {@code svix-id}
	 * @param timestampSeconds the {@code svix-timestamp}
	 * @param body the exact body bytes
	 * @return {@code v1,<signature>}
	 */
	public static String sign(String secret, String messageId, long timestampSeconds, byte[] body) {
		try {
			byte[] key = Base64.getDecoder().decode(secret.startsWith("whsec_") ? secret.substring(6) : secret);
			Mac mac = Mac.getInstance("HmacSHA256");
			mac.init(new SecretKeySpec(key, "HmacSHA256"));
			mac.update((messageId + "." + timestampSeconds + ".").getBytes(StandardCharsets.UTF_8));
			return "v1," + Base64.getEncoder().encodeToString(mac.doFinal(body));
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("HMAC-SHA256 is not available", ex);
		}
	}

}
