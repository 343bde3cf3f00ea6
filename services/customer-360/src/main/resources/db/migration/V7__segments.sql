-- Segment membership (ADR 0021): who is in which segment since when, kept at every profile publication.
CREATE TABLE customer_segment (
    customer_id  text NOT NULL,
    segment_id   text NOT NULL,
    entered_at   timestamptz NOT NULL,
    PRIMARY KEY (customer_id, segment_id)
);
CREATE INDEX customer_segment_segment ON customer_segment (segment_id, entered_at);
