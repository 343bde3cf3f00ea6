package io.omniretail.returns.cases;

import java.io.Serializable;
import java.time.Instant;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Embeddable;
import jakarta.persistence.EmbeddedId;
import jakarta.persistence.Entity;
import jakarta.persistence.Table;

/** One transition of a case: the status it reached, who made it (null: the source) and when. Never changed. */
@Entity
@Table(name = "return_case_step")
public class ReturnCaseStep extends PanacheEntityBase {

    @Embeddable
    public record Key(@Column(name = "return_case_id") String returnCaseId, @Column(name = "step_no") int stepNo)
            implements Serializable {
    }

    @EmbeddedId
    public Key key;
    public String status;
    public String actor;
    public String note;
    public Instant at;
}
