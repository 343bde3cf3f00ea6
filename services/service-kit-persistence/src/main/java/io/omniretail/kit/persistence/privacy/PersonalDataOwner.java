package io.omniretail.kit.persistence.privacy;

import java.util.List;
import java.util.Map;

import io.smallrye.mutiny.Uni;

/**
 * What a service holds on a person, for erase and export requests (ADR 0019). Both run inside the caller's
 * transaction, with the command's inbox entry and the reply.
 */
public interface PersonalDataOwner {

    /**
     * Deletes everything held on these customer ids, or strips it of identity where a count must remain (a campaign's
     * issued coupons); rows touched per table.
     */
    Uni<Map<String, Long>> erase(List<String> customerIds);

    /** Everything held on these customer ids, as an object Jackson writes as the service's part of the export. */
    Uni<Object> export(List<String> customerIds);
}
