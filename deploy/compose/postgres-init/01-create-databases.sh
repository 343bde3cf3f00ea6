#!/usr/bin/env bash
# Databases and roles of the platform, as tools/stack provisions them
# (`stack-cli provision-databases ... --replication-user debezium --cdc-database pos`):
#   - one database per name, owned by a login role of the same name;
#   - a `debezium` role (LOGIN REPLICATION) that may read every table of the POS
#     database's public schema, including tables the `pos` owner creates later.
#
# Run by the official postgres image on first start (files in
# /docker-entrypoint-initdb.d): mounted as-is by docker-compose.yml and shipped as
# a ConfigMap to the Kubernetes StatefulSet (see kustomization.yaml next to this file).
# Idempotent: running it again changes nothing that already exists.
#
# Environment:
#   OMNIRETAIL_DB_PASSWORD  password of every role created here (default: omniretail)
#   OMNIRETAIL_DATABASES    space-separated names (default: tools/stack/env.sh's STACK_DATABASES)
set -euo pipefail

password="${OMNIRETAIL_DB_PASSWORD:-omniretail}"
databases="${OMNIRETAIL_DATABASES:-customer360 orchestration loyalty promotions notifications returns registry pos}"
replication_user=debezium
cdc_database=pos

run_psql() { psql -v ON_ERROR_STOP=1 --username "${POSTGRES_USER:-postgres}" "$@"; }

for db in ${databases}; do
  echo "omniretail: ensuring role and database '${db}'"
  run_psql --dbname postgres -v db="${db}" -v pw="${password}" <<'SQL'
SELECT format('CREATE ROLE %I LOGIN PASSWORD %L', :'db', :'pw')
 WHERE NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = :'db') \gexec
SELECT format('CREATE DATABASE %I OWNER %I', :'db', :'db')
 WHERE NOT EXISTS (SELECT 1 FROM pg_database WHERE datname = :'db') \gexec
SQL
done

if [[ " ${databases} " == *" ${cdc_database} "* ]]; then
  echo "omniretail: ensuring replication role '${replication_user}' for database '${cdc_database}'"
  run_psql --dbname postgres -v role="${replication_user}" -v pw="${password}" <<'SQL'
SELECT format('CREATE ROLE %I LOGIN REPLICATION PASSWORD %L', :'role', :'pw')
 WHERE NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = :'role') \gexec
SQL
  run_psql --dbname "${cdc_database}" -v role="${replication_user}" -v db="${cdc_database}" <<'SQL'
GRANT CONNECT ON DATABASE :"db" TO :"role";
GRANT USAGE ON SCHEMA public TO :"role";
GRANT SELECT ON ALL TABLES IN SCHEMA public TO :"role";
ALTER DEFAULT PRIVILEGES FOR ROLE :"db" IN SCHEMA public GRANT SELECT ON TABLES TO :"role";
SQL
fi
