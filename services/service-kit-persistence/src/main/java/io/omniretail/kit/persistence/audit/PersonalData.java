package io.omniretail.kit.persistence.audit;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import jakarta.ws.rs.NameBinding;

/**
 * Marks a REST resource or method that answers with a customer's personal data: every call by a logged-in user is
 * recorded in the access audit ({@link AccessAuditFilter}).
 */
@NameBinding
@Target({ ElementType.TYPE, ElementType.METHOD })
@Retention(RetentionPolicy.RUNTIME)
public @interface PersonalData {
}
