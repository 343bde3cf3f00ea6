package io.omniretail.orchestration.journey;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * Who falls in a journey's control group: a SHA-256 of the salt, the journey and the customer, as a number from 0 to
 * 99, below the control share. Deterministic (a customer is always in or always out of one journey's control group, in
 * every version and on every service instance) and independent between journeys. Pure.
 */
public final class ControlGroup {

    private ControlGroup() {
    }

    public static boolean contains(String salt, String journeyId, String customerId, int controlPercent) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256")
                    .digest((salt + "|" + journeyId + "|" + customerId).getBytes(StandardCharsets.UTF_8));
            return Integer.remainderUnsigned(ByteBuffer.wrap(digest).getInt(), 100) < controlPercent;
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
