-- service-kit: who read personal data through the REST API, when, and about which customer (ADR 0017).
CREATE TABLE kit_access_audit (
    id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    accessed_at timestamptz NOT NULL,
    subject     text        NOT NULL,
    username    text,
    roles       text        NOT NULL,
    operation   text        NOT NULL,
    path        text        NOT NULL,
    customer_id text,
    status      integer     NOT NULL
);
CREATE INDEX kit_access_audit_customer ON kit_access_audit (customer_id, accessed_at DESC);
CREATE INDEX kit_access_audit_subject ON kit_access_audit (subject, accessed_at DESC);
