package io.omniretail.kit.persistence;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** One effect of the kit-test consumer; seq gives the order in which effects were committed. */
@Entity
@Table(name = "kit_test_effect")
public class KitTestEffect extends PanacheEntityBase {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long seq;
    @Column(name = "record_key")
    public String recordKey;
    public String what;

    static KitTestEffect of(String key, String what) {
        KitTestEffect effect = new KitTestEffect();
        effect.recordKey = key;
        effect.what = what;
        return effect;
    }
}
