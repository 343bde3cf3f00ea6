package io.omniretail.customer.api;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.TreeSet;
import java.util.UUID;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.jboss.resteasy.reactive.RestHeader;
import org.jboss.resteasy.reactive.RestPath;

import io.omniretail.customer.profile.Customer;
import io.omniretail.customer.profile.CustomerNote;
import io.omniretail.customer.resolution.ProfilePublisher;
import io.omniretail.kit.EventMetadataFactory;
import io.omniretail.kit.http.ProblemException;
import io.omniretail.kit.persistence.audit.PersonalData;
import io.omniretail.kit.security.Roles;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/**
 * Clienteling: associates' notes on a customer, the tags they give, and the associate who looks after the customer
 * (assigned by a manager). Notes are read and written by associates and up; a note sent again with the same
 * Idempotency-Key is the same note. Tags and the assigned associate are traits: each change publishes the profile
 * (ADR 0018) in the same transaction, holding the customer's lock. Every call is recorded in the access audit.
 */
@Path("/customers")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(Roles.ASSOCIATE)
@PersonalData
public class ClientelingResource {

    @Inject
    ProfilePublisher customers;
    @Inject
    SecurityIdentity identity;

    public record NoteRequest(@NotBlank @Size(max = 4_000) String text) {
    }

    public record NoteView(String noteId, String customerId, String author, String text, Instant createdAt) {
    }

    public record AssociateRequest(@NotBlank @Size(max = 100) String associate) {
    }

    public record ClientelingView(String customerId, String assignedAssociate, List<String> tags) {
    }

    @GET
    @Path("/{customerId}/notes")
    @WithSession
    @Operation(summary = "Associates' notes on a customer, newest first")
    public Uni<List<NoteView>> notes(@RestPath String customerId) {
        return existing(customers.survivor(customerId), customerId)
                .chain(customer -> CustomerNote.<CustomerNote>list("customerId = ?1 order by createdAt desc, noteId", customer.id))
                .map(notes -> notes.stream().map(ClientelingResource::view).toList());
    }

    @POST
    @Path("/{customerId}/notes")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Add a note (the author is the logged-in user); an Idempotency-Key makes a retry the same note")
    public Uni<Response> addNote(@RestPath String customerId, @RestHeader("Idempotency-Key") String idempotencyKey,
            @Valid @NotNull NoteRequest request) {
        String author = identity.getPrincipal().getName();
        return Panache.withTransaction(() -> existing(customers.survivor(customerId), customerId).chain(customer -> {
            String noteId = EventMetadataFactory.idempotentId(idempotencyKey, "note", customer.id, author);
            return CustomerNote.<CustomerNote>findById(noteId).chain(seen -> {
                if (seen != null) {
                    return Uni.createFrom().item(seen);
                }
                CustomerNote note = new CustomerNote();
                note.noteId = noteId;
                note.customerId = customer.id;
                note.author = author;
                note.text = request.text().strip();
                note.createdAt = Instant.now();
                return note.<CustomerNote>persist();
            });
        })).map(note -> Response.status(201).entity(view(note)).build());
    }

    @PUT
    @Path("/{customerId}/tags/{tag}")
    @Operation(summary = "Tag the customer (lower-case letters, digits and '-', e.g. vip); tagging twice is one tag")
    public Uni<ClientelingView> tag(@RestPath String customerId, @RestPath String tag) {
        String valid = tag(tag);
        return change(customerId, "tag", customer -> {
            TreeSet<String> tags = new TreeSet<>(customer.tags);
            boolean added = tags.add(valid);
            customer.tags = new ArrayList<>(tags);
            return added;
        });
    }

    @DELETE
    @Path("/{customerId}/tags/{tag}")
    @Operation(summary = "Remove a tag")
    public Uni<ClientelingView> untag(@RestPath String customerId, @RestPath String tag) {
        String valid = tag(tag);
        return change(customerId, "untag", customer -> customer.tags.remove(valid));
    }

    @PUT
    @Path("/{customerId}/associate")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed(Roles.MANAGER)
    @Operation(summary = "Assign the associate (user name) who looks after the customer")
    public Uni<ClientelingView> assign(@RestPath String customerId, @Valid @NotNull AssociateRequest request) {
        String associate = request.associate().strip();
        return change(customerId, "assign", customer -> {
            boolean changed = !associate.equals(customer.assignedAssociate);
            customer.assignedAssociate = associate;
            return changed;
        });
    }

    @DELETE
    @Path("/{customerId}/associate")
    @RolesAllowed(Roles.MANAGER)
    @Operation(summary = "Unassign the customer's associate")
    public Uni<ClientelingView> unassign(@RestPath String customerId) {
        return change(customerId, "unassign", customer -> {
            boolean changed = customer.assignedAssociate != null;
            customer.assignedAssociate = null;
            return changed;
        });
    }

    /** Applies a change under the customer's lock; publishes the profile when it changed something. */
    private Uni<ClientelingView> change(String customerId, String what, java.util.function.Predicate<Customer> change) {
        Instant now = Instant.now();
        return Panache.withTransaction(() -> existing(customers.locked(customerId), customerId).chain(customer -> {
            Uni<Void> published = change.test(customer)
                    ? customers.changed(customer, EventMetadataFactory.origin(UUID.randomUUID().toString(), now,
                            "customer-360:" + identity.getPrincipal().getName()), what, now)
                    : Uni.createFrom().voidItem();
            return published.map(ignored -> new ClientelingView(customer.id, customer.assignedAssociate, List.copyOf(customer.tags)));
        }));
    }

    private static Uni<Customer> existing(Uni<Customer> found, String customerId) {
        return found.onItem().ifNull().failWith(() -> new ProblemException(404, "customer-not-found", "Customer not found",
                "no customer for " + customerId));
    }

    private static String tag(String tag) {
        String normalized = tag == null ? "" : tag.strip().toLowerCase(Locale.ROOT);
        if (!Customer.TAG.matcher(normalized).matches()) {
            throw new ProblemException(400, "invalid-tag", "Invalid tag",
                    "a tag is 1 to 40 lower-case letters, digits and '-', starting with a letter or digit");
        }
        return normalized;
    }

    private static NoteView view(CustomerNote note) {
        return new NoteView(note.noteId, note.customerId, note.author, note.text, note.createdAt);
    }
}
