package io.omniretail.kit.security;

/**
 * The platform's roles, as the OIDC provider puts them in a bearer token (ADR 0017). They are ranked: a manager may
 * do everything an associate may, an admin everything a manager may. The ranking is the kit's configuration
 * ({@code quarkus.http.auth.roles-mapping}), so an endpoint names only the lowest role it accepts.
 */
public final class Roles {

    /** Store associates and care agents: the customer view and timeline, notes, one-to-one messages, return requests. */
    public static final String ASSOCIATE = "associate";
    /** Store managers: return approvals and refunds, campaign reads. */
    public static final String MANAGER = "manager";
    /** Platform admins: journeys, campaigns, erase and export, configuration, the access audit. */
    public static final String ADMIN = "admin";

    private Roles() {
    }
}
