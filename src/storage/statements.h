// The text of the statements the session calls run, exactly as the stores
// prepare them, for the database ceilings of bench/raw_db_bench.cc: a ceiling
// runs the same statements as the call it bounds, never a copy that could
// drift. Each is defined next to the code that runs it (named below); only
// the benchmark reads them from here.
#pragma once

namespace prefill::statements {

extern const char* const kSessionInsert;         // MySqlSessionStore::Insert
extern const char* const kSessionSelectByHash;   // MySqlSessionStore::Find
extern const char* const kSessionCompareAndSet;  // MySqlSessionStore::UpdateOn
extern const char* const kTransactionInsert;     // MySqlTransactionStore::InsertOn
extern const char* const kTransactionUpdateIf;   // MySqlTransactionStore::UpdateIfOn
extern const char* const kOutboxInsert;          // MySqlOutbox::InsertOn, one per event
extern const char* const kSessionAttributes;     // ReadSessionAttributes

}  // namespace prefill::statements
