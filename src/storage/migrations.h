// Migrations: applies the schema files sql/NNN_name.sql once each, in order of
// NNN, and records each in the table schema_migrations. A lease row
// (job_leases, mysql_job_leases.h) keeps two processes from migrating at once,
// also across the nodes of a Galera cluster; a second process waits for the
// first and then finds nothing left to do. A file holds one or more statements
// separated by a semicolon at the end of a line.
#pragma once

#include <string>
#include <vector>

#include "common/status.h"
#include "storage/connection_pool.h"

namespace prefill {

struct MigrationFile {
  int version;
  std::string name;  // file name
  std::string path;
};

// The migration files of `dir`, sorted by version; InvalidArgument on a
// misnamed file or a repeated version.
Result<std::vector<MigrationFile>> ListMigrations(const std::string& dir);

// Applies the files not yet recorded; returns the names applied now.
Result<std::vector<std::string>> ApplyMigrations(ConnectionPool& pool, const std::string& dir);

// The directory of the schema files: $PREFILL_MIGRATIONS, else the source tree's sql/.
std::string DefaultMigrationsDir();

}  // namespace prefill
