-- what the kit-test consumer did, in the order it did it
CREATE TABLE kit_test_effect (
    seq        bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    record_key text NOT NULL,
    what       text NOT NULL
);
