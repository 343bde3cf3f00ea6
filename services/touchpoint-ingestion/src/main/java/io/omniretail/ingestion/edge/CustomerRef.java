package io.omniretail.ingestion.edge;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

import io.omniretail.events.touchpoint.IdentityHints;
import jakarta.validation.constraints.Size;

/**
 * Who a chat or survey event is about, as the sender knows the customer. {@code verified} is the sender's word that it
 * authenticated the customer (a logged-in account in a chat widget with identity verification, a survey link signed
 * for one order); without it the identifiers attach to whoever holds them and never join two customers.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record CustomerRef(@Size(max = 320) String email, @Size(max = 64) String phone, @Size(max = 128) String accountId,
        @Size(max = 35) String locale, Boolean verified) {

    public boolean names() {
        return present(email) || present(phone) || present(accountId);
    }

    public IdentityHints hints() {
        return IdentityHints.newBuilder()
                .setEmail(present(email) ? email.strip() : null)
                .setRawPhone(present(phone) ? phone.strip() : null)
                .setAccountId(present(accountId) ? accountId.strip() : null)
                .setLocale(present(locale) ? locale.strip() : null)
                .setVerified(Boolean.TRUE.equals(verified))
                .build();
    }

    private static boolean present(String value) {
        return value != null && !value.isBlank();
    }
}
