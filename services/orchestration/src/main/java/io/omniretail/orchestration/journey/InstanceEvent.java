package io.omniretail.orchestration.journey;

import java.io.Serializable;

import io.omniretail.orchestration.definition.EventStream;
import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Embeddable;
import jakarta.persistence.EmbeddedId;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Table;

/** An event an instance keeps: its trigger ({@link #TRIGGER}) or one a waitFor step captured by its name. */
@Entity
@Table(name = "journey_instance_event")
public class InstanceEvent extends PanacheEntityBase {

    static final String TRIGGER = "trigger";

    @Embeddable
    public record Key(@Column(name = "instance_id") String instanceId, @Column(name = "name") String name) implements Serializable {
    }

    @EmbeddedId
    public Key key;
    @Enumerated(EnumType.STRING)
    public EventStream stream;
    public long fingerprint;
    public byte[] payload;
}
