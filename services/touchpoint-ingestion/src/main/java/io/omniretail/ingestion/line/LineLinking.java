package io.omniretail.ingestion.line;

import java.util.Optional;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/** The one account-link nonce issuer and verifier of this instance; empty while omniretail.line.link-secret is unset. */
@ApplicationScoped
public class LineLinking {

    @Inject
    LineConfig config;

    private LineLinkNonces nonces;

    @PostConstruct
    void init() {
        nonces = config.linkSecret().map(key -> new LineLinkNonces(key, config.linkNonceTtl())).orElse(null);
    }

    public Optional<LineLinkNonces> nonces() {
        return Optional.ofNullable(nonces);
    }
}
